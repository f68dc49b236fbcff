//! One build at a time per output: two builds of the same site started together both finish
//! with the whole site, the second after the first, never with a half-written `output/`.

mod common;

use std::process::{Command, Stdio};

use common::{snapshot, TestSite};

#[test]
fn two_builds_at_once_never_leave_a_partial_output() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    let whole = snapshot(&site.root.join("output"));
    assert!(whole.len() > 20);
    let start = || {
        Command::new(env!("CARGO_BIN_EXE_framsteg"))
            .arg("--root")
            .arg(&site.root)
            .arg("build")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run framsteg")
    };
    let mut waited = 0;
    for round in 0..25 {
        let (a, b) = (start(), start());
        for run in [a, b] {
            let out = run.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "round {round}: {err}");
            if err.contains("väntar tills det är klart") {
                waited += 1;
            }
        }
        assert_eq!(
            snapshot(&site.root.join("output")),
            whole,
            "round {round}: output/ is not the whole site"
        );
        assert!(!site.root.join(".output.staging").exists());
    }
    eprintln!("{waited} of 50 builds waited for the other");
}
