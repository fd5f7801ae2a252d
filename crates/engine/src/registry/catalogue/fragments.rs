//! File-tree fragments: the shared pieces that catalogue layers are built from.
//!
//! `data/registry/fragments.txt` contains named fragments. A layer applies one or
//! more fragments, in order, to an overlay of the layers below it, and keeps
//! the upper layer. So parent directories are copied up as in a real build,
//! and the same fragment applied to the same lower layers gives the same diff
//! ID. The format, one directive a line (`#` starts a comment line):
//!
//! ```text
//! == NAME                       start a fragment
//! [amd64] DIRECTIVE             apply only on that architecture (or [arm64])
//! d PATH [MODE] [UID:GID]       directory and missing parents (mkdir -p)
//! f PATH [MODE] [UID:GID] = TEXT    text file with one line
//! f PATH [MODE] [UID:GID] <<END     text file with the lines up to END
//! x PATH SIZE                   synthetic executable (0755)
//! s PATH SIZE [MODE]            synthetic data file (0644 by default)
//! X DIR SIZE NAME...            executables DIR/NAME, sizes 0.6 to 1.4 x SIZE
//! l PATH TARGET                 symlink, replacing what is there
//! L DIR TARGET NAME...          symlinks DIR/NAME -> TARGET
//! a PATH = TEXT                 append one line
//! rm PATH                       remove recursively
//! own UID:GID PATH...           chown -R
//! dpkg NAME=VERSION...          record Debian packages as installed
//! apk NAME=VERSION...           record Alpine packages as installed
//! pip SITE NAME=VERSION...      record Python distributions in SITE
//! fill PATH...                  synthetic files sharing the layer's remaining bytes
//! use NAME                      apply another fragment here
//! ```
//!
//! Sizes are bytes, optionally with a decimal `k`, `M` or `G` suffix.
//! `{{name}}` anywhere is replaced by a variable of the image or architecture.

use shared_sort::SortedMap;

use super::CatalogueError;
use crate::fs::{mix_seed, Content, FsError, IfMissing, Overlay, Owner, Recursion};
use crate::packages::db;

/// One directive line, with its heredoc body if it has one.
#[derive(Clone, Debug)]
struct Line {
    number: usize,
    arch: Option<String>,
    text: String,
    body: Option<String>,
}

/// The parsed fragments, by name.
#[derive(Debug, Default)]
pub(crate) struct Fragments {
    by_name: SortedMap<String, Vec<Line>>,
}

impl Fragments {
    /// Parses the fragments file.
    pub(crate) fn parse(text: &str) -> Result<Fragments, CatalogueError> {
        let mut fragments = Fragments::default();
        let mut current: Option<String> = None;
        let mut lines = text.lines().enumerate();

        while let Some((index, raw)) = lines.next() {
            let number = index + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some(name) = trimmed.strip_prefix("== ") {
                fragments
                    .by_name
                    .insert(name.trim().to_string(), Vec::new());
                current = Some(name.trim().to_string());
                continue;
            }
            let Some(name) = &current else {
                return Err(CatalogueError::new(format!(
                    "fragments.txt:{number}: directive outside a fragment"
                )));
            };
            let (arch, text) = split_arch(trimmed);
            let mut line = Line {
                number,
                arch,
                text: text.to_string(),
                body: None,
            };
            if let Some((header, end)) = text.rsplit_once(" <<") {
                line.text = header.to_string();
                line.body = Some(read_heredoc(&mut lines, end, number)?);
            }
            fragments
                .by_name
                .get_mut(name)
                .expect("inserted above")
                .push(line);
        }
        Ok(fragments)
    }
}

fn split_arch(line: &str) -> (Option<String>, &str) {
    let Some(rest) = line.strip_prefix('[') else {
        return (None, line);
    };
    match rest.split_once(']') {
        Some((arch, text)) => (Some(arch.to_string()), text.trim_start()),
        None => (None, line),
    }
}

fn read_heredoc<'a>(
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
    end: &str,
    number: usize,
) -> Result<String, CatalogueError> {
    let mut body = String::new();
    for (_, line) in lines.by_ref() {
        if line.trim_end() == end {
            return Ok(body);
        }
        body.push_str(line);
        body.push('\n');
    }
    Err(CatalogueError::new(format!(
        "fragments.txt:{number}: heredoc without its end marker {end}"
    )))
}

/// Replaces every `{{name}}` in `text` with its variable.
pub(crate) fn expand(
    text: &str,
    vars: &SortedMap<String, String>,
) -> Result<String, CatalogueError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err(CatalogueError::new(format!("unclosed {{{{ in {text:?}")));
        };
        let name = &after[..end];
        match vars.get(name) {
            Some(value) => out.push_str(value),
            None => {
                return Err(CatalogueError::new(format!(
                    "unknown variable {name} in {text:?}"
                )))
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Parses a byte count with an optional decimal `k`, `M` or `G` suffix.
pub(crate) fn parse_size(text: &str) -> Option<u64> {
    let (number, scale) = match text.chars().last()? {
        'k' => (&text[..text.len() - 1], 1e3),
        'M' => (&text[..text.len() - 1], 1e6),
        'G' => (&text[..text.len() - 1], 1e9),
        _ => (text, 1.0),
    };
    let value: f64 = number.parse().ok()?;
    (value >= 0.0).then(|| (value * scale).round() as u64)
}

/// Applies fragments to one layer's overlay.
pub(crate) struct LayerWriter<'a> {
    pub overlay: Overlay,
    pub vars: &'a SortedMap<String, String>,
    pub arch: &'a str,
    pub seed: u64,
    pub fill: Vec<String>,
    fragments: &'a Fragments,
    depth: usize,
}

impl<'a> LayerWriter<'a> {
    pub(crate) fn new(
        overlay: Overlay,
        fragments: &'a Fragments,
        vars: &'a SortedMap<String, String>,
        arch: &'a str,
        seed: u64,
    ) -> LayerWriter<'a> {
        LayerWriter {
            overlay,
            vars,
            arch,
            seed,
            fill: Vec::new(),
            fragments,
            depth: 0,
        }
    }

    /// Applies the fragment called `name`.
    pub(crate) fn apply(&mut self, name: &str) -> Result<(), CatalogueError> {
        let Some(lines) = self.fragments.by_name.get(name) else {
            return Err(CatalogueError::new(format!("unknown fragment {name}")));
        };
        if self.depth > 16 {
            return Err(CatalogueError::new(format!(
                "fragment {name} includes itself"
            )));
        }
        self.depth += 1;
        for line in lines {
            if line.arch.as_deref().is_some_and(|arch| arch != self.arch) {
                continue;
            }
            self.apply_line(line)
                .map_err(|error| error.context(&format!("fragment {name} line {}", line.number)))?;
        }
        self.depth -= 1;
        Ok(())
    }

    fn apply_line(&mut self, line: &Line) -> Result<(), CatalogueError> {
        let text = expand(&line.text, self.vars)?;
        let body = line
            .body
            .as_deref()
            .map(|body| expand(body, self.vars))
            .transpose()?;
        let (head, inline) = match text.split_once(" = ") {
            Some((head, inline)) => (head, Some(format!("{inline}\n"))),
            None => match text.strip_suffix(" =") {
                Some(head) => (head, Some(String::new())),
                None => (text.as_str(), None),
            },
        };
        let words: Vec<&str> = head.split_whitespace().collect();
        let Some((&directive, args)) = words.split_first() else {
            return Ok(());
        };
        let content = body.or(inline);
        self.run(directive, args, content)
            .map_err(|error| error.context(&text))
    }

    fn run(
        &mut self,
        directive: &str,
        args: &[&str],
        content: Option<String>,
    ) -> Result<(), CatalogueError> {
        match (directive, args) {
            ("d", [path, options @ ..]) => self.directory(path, options),
            ("f", [path, options @ ..]) => {
                self.text_file(path, options, content.unwrap_or_default())
            }
            ("x", [path, size]) => self.synthetic(path, size, 0o755),
            ("s", [path, size]) => self.synthetic(path, size, 0o644),
            ("s", [path, size, mode]) => self.synthetic(path, size, parse_mode(mode)?),
            ("X", [directory, size, names @ ..]) => self.executables(directory, size, names),
            ("l", [path, target]) => self.link(path, target),
            ("L", [directory, target, names @ ..]) => names
                .iter()
                .try_for_each(|name| self.link(&format!("{directory}/{name}"), target)),
            ("a", [path]) => Ok(self.overlay.append(path, &content.unwrap_or_default())?),
            ("rm", [path]) => {
                Ok(self
                    .overlay
                    .remove(path, Recursion::Recursive, IfMissing::Ignore)?)
            }
            ("own", [owner, paths @ ..]) => self.chown(owner, paths),
            ("dpkg", packages) => self.record(packages, |overlay, name, version, arch| {
                db::record_dpkg(overlay, name, version, arch, &[], record_size(name, 1500))
            }),
            ("apk", packages) => self.record(packages, |overlay, name, version, arch| {
                db::record_apk(
                    overlay,
                    name,
                    version,
                    arch,
                    &[],
                    record_size(name, 800) * 1024,
                )
            }),
            ("pip", [site, packages @ ..]) => self.record(packages, |overlay, name, version, _| {
                db::record_pip(overlay, site, name, version, &[])
            }),
            ("fill", paths) if !paths.is_empty() => self.set_fill(paths),
            ("use", [name]) => self.apply(name),
            _ => Err(CatalogueError::new(format!(
                "unknown directive {directive} with {} arguments",
                args.len()
            ))),
        }
    }

    fn directory(&mut self, path: &str, options: &[&str]) -> Result<(), CatalogueError> {
        self.overlay.mkdir_all(path)?;
        self.set_options(path, options)
    }

    fn text_file(
        &mut self,
        path: &str,
        options: &[&str],
        text: String,
    ) -> Result<(), CatalogueError> {
        self.make_parent(path)?;
        self.overlay.write(path, Content::Text(text))?;
        self.set_options(path, options)
    }

    fn set_options(&mut self, path: &str, options: &[&str]) -> Result<(), CatalogueError> {
        for option in options {
            if let Some((uid, gid)) = option.split_once(':') {
                let owner = Owner {
                    uid: uid.parse().ok(),
                    gid: gid.parse().ok(),
                };
                self.overlay.chown(path, owner, Recursion::Single)?;
            } else {
                self.overlay
                    .chmod(path, parse_mode(option)?, Recursion::Single)?;
            }
        }
        Ok(())
    }

    fn synthetic(&mut self, path: &str, size: &str, mode: u32) -> Result<(), CatalogueError> {
        let Some(size) = parse_size(size) else {
            return Err(CatalogueError::new(format!("invalid size {size}")));
        };
        self.make_parent(path)?;
        let seed = mix_seed(self.seed, format!("{path}\0{size}").as_bytes());
        self.overlay
            .write_with_mode(path, Content::Synthetic { size, seed }, mode)?;
        Ok(())
    }

    fn executables(
        &mut self,
        directory: &str,
        size: &str,
        names: &[&str],
    ) -> Result<(), CatalogueError> {
        let Some(base) = parse_size(size) else {
            return Err(CatalogueError::new(format!("invalid size {size}")));
        };
        for name in names {
            let scaled = base * (60 + mix_seed(0, name.as_bytes()) % 81) / 100;
            self.synthetic(&format!("{directory}/{name}"), &scaled.to_string(), 0o755)?;
        }
        Ok(())
    }

    fn link(&mut self, path: &str, target: &str) -> Result<(), CatalogueError> {
        self.make_parent(path)?;
        self.overlay
            .remove(path, Recursion::Recursive, IfMissing::Ignore)?;
        self.overlay.symlink(target, path)?;
        Ok(())
    }

    fn chown(&mut self, owner: &str, paths: &[&str]) -> Result<(), CatalogueError> {
        let Some((uid, gid)) = owner.split_once(':') else {
            return Err(CatalogueError::new(format!("invalid owner {owner}")));
        };
        let owner = Owner {
            uid: uid.parse().ok(),
            gid: gid.parse().ok(),
        };
        for path in paths {
            self.overlay.chown(path, owner, Recursion::Recursive)?;
        }
        Ok(())
    }

    fn record(
        &mut self,
        packages: &[&str],
        record: impl Fn(&mut Overlay, &str, &str, &str) -> Result<(), FsError>,
    ) -> Result<(), CatalogueError> {
        for package in packages {
            let Some((name, version)) = package.split_once('=') else {
                return Err(CatalogueError::new(format!(
                    "package {package} has no =VERSION"
                )));
            };
            record(&mut self.overlay, name, version, self.arch)?;
        }
        Ok(())
    }

    fn set_fill(&mut self, paths: &[&str]) -> Result<(), CatalogueError> {
        if !self.fill.is_empty() {
            return Err(CatalogueError::new(
                "a layer can have only one fill directive".to_string(),
            ));
        }
        self.fill = paths.iter().map(|path| path.to_string()).collect();
        Ok(())
    }

    fn make_parent(&mut self, path: &str) -> Result<(), CatalogueError> {
        if let Some((parent, _)) = path.rsplit_once('/') {
            if !parent.is_empty() {
                self.overlay.mkdir_all(parent)?;
            }
        }
        Ok(())
    }

    /// Writes the fill file so that the layer adds exactly `target` bytes.
    pub(crate) fn finish(mut self, target: Option<u64>) -> Result<Overlay, CatalogueError> {
        let Some(target) = target else {
            return Ok(self.overlay);
        };
        let paths = std::mem::take(&mut self.fill);
        if paths.is_empty() {
            return Err(CatalogueError::new(
                "a layer with a size needs a fill directive".to_string(),
            ));
        }
        let replaced: u64 = paths
            .iter()
            .filter_map(|path| self.overlay.upper().get(&crate::fs::FsPath::new(path)))
            .map(crate::fs::Entry::size)
            .sum();
        let used = self.overlay.upper_size() - replaced;
        if used > target {
            return Err(CatalogueError::new(format!(
                "layer files take {used} bytes, more than its size {target}"
            )));
        }
        let count = paths.len() as u64;
        for (index, path) in paths.iter().enumerate() {
            let share = (target - used) / count
                + if index == 0 {
                    (target - used) % count
                } else {
                    0
                };
            let mode = if path.contains("/bin/") || path.contains("/sbin/") {
                0o755
            } else {
                0o644
            };
            self.synthetic(path, &share.to_string(), mode)?;
        }
        Ok(self.overlay)
    }
}

/// Returns a plausible installed size in KiB for a base-image package record,
/// between 40 and `spread + 40`, from a hash of the name.
fn record_size(name: &str, spread: u64) -> u64 {
    40 + mix_seed(0, name.as_bytes()) % spread
}

fn parse_mode(text: &str) -> Result<u32, CatalogueError> {
    u32::from_str_radix(text, 8).map_err(|_| CatalogueError::new(format!("invalid mode {text}")))
}

impl From<FsError> for CatalogueError {
    fn from(error: FsError) -> CatalogueError {
        CatalogueError::new(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
# comment
== base
d /etc
d /tmp 1777
f /etc/hostname = box
f /etc/empty =
f /etc/os-release <<EOF
NAME=\"{{name}}\"
ID={{id}}
EOF
[amd64] l /lib64 usr/lib64
x /usr/bin/tool 1.5k
X /usr/bin 1000 ls cat
L /bin /usr/bin/tool sh ash
fill /usr/lib/libbig.so
== top
use base
a /etc/hostname = second
rm /tmp
";

    fn vars() -> SortedMap<String, String> {
        [("name", "Demo Linux"), ("id", "demo")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn write(arch: &str, fragment: &str, size: Option<u64>) -> Overlay {
        let fragments = Fragments::parse(SAMPLE).unwrap();
        let vars = vars();
        let mut writer = LayerWriter::new(Overlay::default(), &fragments, &vars, arch, 7);
        writer.apply(fragment).unwrap();
        writer.finish(size).unwrap()
    }

    #[test]
    fn directives_build_the_tree() {
        let overlay = write("amd64", "base", None);
        assert_eq!(
            overlay.read("/etc/hostname").unwrap().as_text(),
            Some("box\n")
        );
        assert_eq!(overlay.read("/etc/empty").unwrap().as_text(), Some(""));
        assert_eq!(
            overlay.read("/etc/os-release").unwrap().as_text(),
            Some("NAME=\"Demo Linux\"\nID=demo\n")
        );
        assert_eq!(overlay.stat("/tmp").unwrap().mode, 0o1777);
        assert_eq!(overlay.read_link("/lib64").unwrap(), "usr/lib64");
        assert_eq!(overlay.stat("/usr/bin/tool").unwrap().size, 1500);
        assert_eq!(overlay.stat("/usr/bin/tool").unwrap().mode, 0o755);
        assert!(overlay.exists("/usr/bin/ls"));
        assert_eq!(overlay.read_link("/bin/sh").unwrap(), "/usr/bin/tool");
    }

    #[test]
    fn arch_lines_apply_to_one_arch() {
        let overlay = write("arm64", "base", None);
        assert!(overlay.lstat("/lib64").is_err());
    }

    #[test]
    fn fill_reaches_the_layer_size() {
        let overlay = write("amd64", "base", Some(1_000_000));
        assert_eq!(overlay.upper_size(), 1_000_000);
    }

    #[test]
    fn use_and_later_directives() {
        let overlay = write("amd64", "top", None);
        assert_eq!(
            overlay.read("/etc/hostname").unwrap().as_text(),
            Some("box\nsecond\n")
        );
        assert!(!overlay.exists("/tmp"));
    }

    #[test]
    fn size_suffixes() {
        let cases = [
            ("12", Some(12)),
            ("1.5k", Some(1500)),
            ("2M", Some(2_000_000)),
            ("1.1G", Some(1_100_000_000)),
            ("x", None),
            ("-1", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_size(text), expected, "{text}");
        }
    }

    #[test]
    fn expand_rejects_unknown_variables() {
        assert_eq!(expand("a {{id}} b", &vars()).unwrap(), "a demo b");
        assert!(expand("{{nope}}", &vars()).is_err());
        assert!(expand("{{id", &vars()).is_err());
        assert_eq!(expand("http { }", &vars()).unwrap(), "http { }");
    }

    #[test]
    fn parse_errors() {
        assert!(Fragments::parse("d /etc\n").is_err());
        assert!(Fragments::parse("== a\nf /x <<EOF\nno end\n").is_err());
    }
}
