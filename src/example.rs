//! The built-in example: a Scrapyd service and its build context.
//!
//! The files live in `examples/scrapyd/`, the same folder `porthole script
//! --context` reads in the transcript tests, so the page and the native
//! command build the same thing.

/// The example's files as (path relative to the build context, text), the
/// Dockerfile first.
pub fn scrapyd_files() -> Vec<(String, String)> {
    const FILES: [(&str, &str); 8] = [
        ("Dockerfile", include_str!("../examples/scrapyd/Dockerfile")),
        (
            ".dockerignore",
            include_str!("../examples/scrapyd/.dockerignore"),
        ),
        ("scrapy.cfg", include_str!("../examples/scrapyd/scrapy.cfg")),
        (
            "scrapyd.conf",
            include_str!("../examples/scrapyd/scrapyd.conf"),
        ),
        (
            "quotes/__init__.py",
            include_str!("../examples/scrapyd/quotes/__init__.py"),
        ),
        (
            "quotes/settings.py",
            include_str!("../examples/scrapyd/quotes/settings.py"),
        ),
        (
            "quotes/spiders/__init__.py",
            include_str!("../examples/scrapyd/quotes/spiders/__init__.py"),
        ),
        (
            "quotes/spiders/quotes.py",
            include_str!("../examples/scrapyd/quotes/spiders/quotes.py"),
        ),
    ];
    FILES
        .iter()
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect()
}

/// Commands the terminal suggests for the example, in order.
pub const SUGGESTED_COMMANDS: [&str; 4] = [
    "docker build -t scrapyd-demo .",
    "docker run -d --name scrapyd_demo_6818 -p 6818:6800 scrapyd-demo",
    "docker ps",
    "docker images",
];
