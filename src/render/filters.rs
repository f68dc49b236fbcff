//! The tera filters a theme uses for dates, numbers and money in the site's language:
//! `date_long`, `num`, `percent`, `money_short`, `money_full` and `indicator_value`. The
//! formatting itself lives in [`crate::format`]; this only adapts it to tera.

use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use crate::format;
use crate::load::is_slug;
use crate::model::{Lang, Unit};

fn number_of(v: &Value) -> Option<f64> {
    v.as_f64().or_else(|| v.as_i64().map(|i| i as f64))
}

pub fn register(tera: &mut Tera, lang: Lang) {
    tera.register_filter(
        "date_long",
        move |v: &str, _: Kwargs, _: &State| -> TeraResult<String> {
            let d = crate::load::parse_date_text(v)
                .ok_or_else(|| Error::message(format!("`{v}` is not a YYYY-MM-DD date")))?;
            Ok(format::date_long(d, lang))
        },
    );
    tera.register_filter(
        "num",
        move |v: Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            let decimals = kw.get::<i64>("decimals")?.unwrap_or(1).clamp(0, 6) as usize;
            Ok(number_of(&v).map_or_else(String::new, |x| format::number(x, decimals, lang)))
        },
    );
    tera.register_filter("percent", move |v: Value, _: Kwargs, _: &State| {
        number_of(&v).map_or_else(String::new, |x| format::percent(x, lang))
    });
    tera.register_filter("money_short", move |v: Value, _: Kwargs, _: &State| {
        number_of(&v).map_or_else(String::new, |x| format::money_short(x as i64, lang))
    });
    tera.register_filter("money_full", move |v: Value, _: Kwargs, _: &State| {
        number_of(&v).map_or_else(String::new, |x| format::money_full(x as i64, lang))
    });
    tera.register_filter(
        "indicator_value",
        move |v: Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            let unit = kw
                .get::<&str>("unit")?
                .and_then(Unit::parse)
                .unwrap_or(Unit::Count);
            Ok(number_of(&v).map_or_else(String::new, |x| format::value(x, unit, lang)))
        },
    );
    // An id made safe for use inside an HTML id attribute or a CSS class.
    tera.register_filter("css_id", |v: &str, _: Kwargs, _: &State| -> String {
        if is_slug(v) {
            v.to_string()
        } else {
            slug::slugify(v)
        }
    });
}
