//! Turning one photo into its published variants: decode, turn it the way its EXIF
//! orientation says (phone photos are stored sideways), resize to each width with
//! `fast_image_resize` and encode as WebP (lossy, through libwebp) and in the fallback format
//! (JPEG, or PNG for images with transparency). Encoding from pixels writes no metadata:
//! no EXIF, XMP, IPTC or ICC chunk of the original survives.

use std::io::Cursor;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageReader};

/// The format every browser shows, written beside the WebP variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fallback {
    Jpg,
    Png,
}

impl Fallback {
    pub fn ext(self) -> &'static str {
        match self {
            Fallback::Jpg => "jpg",
            Fallback::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Fallback::Jpg => "image/jpeg",
            Fallback::Png => "image/png",
        }
    }
}

/// One encoded width.
pub struct Encoded {
    pub width: u32,
    pub height: u32,
    pub webp: Vec<u8>,
    pub fallback: Vec<u8>,
}

/// What a photo turned into.
pub struct Processed {
    /// Of the upright image.
    pub width: u32,
    pub height: u32,
    pub fallback: Fallback,
    pub variants: Vec<Encoded>,
}

/// Decodes `bytes` and applies the EXIF orientation. The message says why it failed.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// The widths to make of an image `width` pixels wide: each configured width below it, and
/// its own width when it is not wider than the largest (never enlarged).
pub fn widths_for(width: u32, wanted: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = wanted.iter().copied().filter(|w| *w < width).collect();
    if wanted.last().is_none_or(|max| width <= *max) {
        out.push(width);
    }
    out
}

/// The height of the variant `w` pixels wide, keeping the proportions.
pub fn height_for(width: u32, height: u32, w: u32) -> u32 {
    ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width).max(1)).max(1)
        as u32
}

/// Decodes, turns, resizes and encodes one photo at every width of `wanted` (ascending). A
/// PNG stays PNG (screenshots and diagrams blur as JPEG), as does any image with transparency.
pub fn process(bytes: &[u8], wanted: &[u32], quality: u8, png: bool) -> Result<Processed, String> {
    let img = decode(bytes)?;
    let alpha = img.color().has_alpha();
    let fallback = if png || alpha {
        Fallback::Png
    } else {
        Fallback::Jpg
    };
    // `into_*` keeps the decoded buffer when it already has that layout (a JPEG is RGB).
    let src = if alpha {
        DynamicImage::ImageRgba8(img.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    };
    let (width, height) = (src.width(), src.height());
    if width == 0 || height == 0 {
        return Err("the image has no pixels".into());
    }
    let mut resizer = Resizer::new();
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    // Widest first, each width made from the one before: a 480 made from the 960 costs a
    // quarter of one made from a 4000-pixel original, and looks the same.
    let mut variants = Vec::new();
    let mut from = src;
    for w in widths_for(width, wanted).into_iter().rev() {
        if w != from.width() {
            let h = height_for(width, height, w);
            let mut dst = DynamicImage::new(w, h, from.color());
            resizer
                .resize(&from, &mut dst, &options)
                .map_err(|e| e.to_string())?;
            from = dst;
        }
        variants.push(encode(&from, fallback, quality)?);
    }
    variants.reverse();
    Ok(Processed {
        width,
        height,
        fallback,
        variants,
    })
}

fn encode(img: &DynamicImage, fallback: Fallback, quality: u8) -> Result<Encoded, String> {
    let (w, h) = (img.width(), img.height());
    let raw = img.as_bytes();
    let alpha = img.color().has_alpha();
    let color = if alpha {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    };
    let webp = if alpha {
        webp::Encoder::from_rgba(raw, w, h)
    } else {
        webp::Encoder::from_rgb(raw, w, h)
    }
    .encode(f32::from(quality))
    .to_vec();
    let mut out = Vec::new();
    match fallback {
        Fallback::Jpg => {
            JpegEncoder::new_with_quality(&mut out, quality).write_image(raw, w, h, color)
        }
        Fallback::Png => PngEncoder::new(&mut out).write_image(raw, w, h, color),
    }
    .map_err(|e| e.to_string())?;
    Ok(Encoded {
        width: w,
        height: h,
        webp,
        fallback: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_enlarges_and_keeps_the_own_width_of_a_small_image() {
        assert_eq!(widths_for(3000, &[480, 960, 1600]), [480, 960, 1600]);
        assert_eq!(widths_for(1200, &[480, 960, 1600]), [480, 960, 1200]);
        assert_eq!(widths_for(300, &[480, 960, 1600]), [300]);
        assert_eq!(height_for(1200, 800, 480), 320);
    }
}
