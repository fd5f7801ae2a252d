//! `ls`, as GNU coreutils 9 and BusyBox print it when standard output is not
//! a terminal: one name a line, or with `-l` the mode, link count, owner,
//! group, size, date and name, after a `total` line in 1 KiB blocks.
//!
//! Entries are sorted by name bytes, as in the C locale containers run in.
//! The simulation keeps no timestamps, so every date is the logical clock's
//! current time.

use std::collections::HashMap;

use super::args::{parse_or_usage, Parsed, Spec};
use crate::clock::Millis;
use crate::fs::{DirEntry, FileType, Metadata};
use crate::sh::ctx::{Ctx, Flavor};
use crate::sh::users;
use shared_sort::SharedSort;

struct Options {
    long: bool,
    all: bool,
    almost_all: bool,
    directory: bool,
    human: bool,
    reverse: bool,
    by_size: bool,
    numeric: bool,
    classify: bool,
    recursive: bool,
    /// `-g` leaves the owner out, `-o` the group.
    show_owner: bool,
    show_group: bool,
}

/// One row to print: its name as shown and its metadata.
struct Row {
    name: String,
    meta: Metadata,
    link_target: Option<String>,
    links: u64,
}

pub(crate) fn ls(ctx: &mut Ctx) -> i32 {
    const SPEC: Spec = Spec {
        flags: "laAdh1rtSnFpRgoCx",
        valued: "IwT",
        long_flags: &[
            ("all", 'a'),
            ("almost-all", 'A'),
            ("directory", 'd'),
            ("human-readable", 'h'),
            ("reverse", 'r'),
            ("numeric-uid-gid", 'n'),
            ("classify", 'F'),
            ("recursive", 'R'),
        ],
        long_valued: &[
            ("color", '\0'),
            ("ignore", 'I'),
            ("width", 'w'),
            ("time-style", '\0'),
        ],
    };
    let Ok(parsed) = parse_or_usage(ctx, &SPEC, 2) else {
        return 2;
    };
    let options = Options::from_parsed(&parsed);
    let operands = match parsed.operands.is_empty() {
        true => vec![".".to_string()],
        false => parsed.operands.clone(),
    };

    let mut status = 0;
    let mut files = Vec::new();
    let mut directories = Vec::new();
    for operand in &operands {
        let path = ctx.absolute(operand);
        let Some(meta) = operand_metadata(ctx, operand, &path, &options) else {
            status = match ctx.flavor {
                Flavor::Gnu => 2,
                Flavor::Busybox => 1,
            };
            continue;
        };
        let listed = meta.file_type == FileType::Directory && !options.directory;
        let row = row_for(ctx, operand, &path, meta);
        match listed {
            true => directories.push(row),
            false => files.push(row),
        }
    }

    // Operands are sorted like directory entries: files first, then each
    // directory's listing.
    sort_rows(&mut files, &options);
    sort_rows(&mut directories, &options);
    let directories = directories.into_iter().map(|row| row.name).collect();
    let mut printer = Printer::new(ctx);
    let mut text = printer.rows(&files, &options, false);
    let headers = operands.len() > 1 || options.recursive;
    printer.directories(directories, &options, headers, &mut text);
    drop(printer);
    ctx.out(text);
    status
}

impl Options {
    /// Returns the options `ls` was run with.
    fn from_parsed(parsed: &Parsed) -> Options {
        Options {
            long: parsed.has('l') || parsed.has('n') || parsed.has('g') || parsed.has('o'),
            all: parsed.has('a'),
            almost_all: parsed.has('A'),
            directory: parsed.has('d'),
            human: parsed.has('h'),
            reverse: parsed.has('r'),
            by_size: parsed.has('S'),
            numeric: parsed.has('n'),
            classify: parsed.has('F') || parsed.has('p'),
            recursive: parsed.has('R'),
            show_owner: !parsed.has('g'),
            show_group: !parsed.has('o'),
        }
    }
}

/// Returns the metadata to list for an operand, or prints why it cannot be
/// accessed. A symlink is followed unless it is listed long without a
/// trailing slash.
fn operand_metadata(
    ctx: &mut Ctx,
    operand: &str,
    path: &str,
    options: &Options,
) -> Option<Metadata> {
    let lstat = ctx.fs.lstat(path);
    let stat = ctx.fs.stat(path);
    match (&lstat, &stat) {
        (Ok(lstat), Ok(stat))
            if lstat.file_type == FileType::Symlink
                && (!options.long || operand.ends_with('/')) =>
        {
            Some(stat.clone())
        }
        (Ok(lstat), _) => Some(lstat.clone()),
        (Err(error), _) => {
            let message = match ctx.flavor {
                Flavor::Gnu => format!("cannot access '{operand}': {}", error.kind),
                Flavor::Busybox => format!("{operand}: {}", error.kind),
            };
            ctx.error(message);
            None
        }
    }
}

fn row_for(ctx: &Ctx, name: &str, path: &str, meta: Metadata) -> Row {
    let link_target = match meta.file_type {
        FileType::Symlink => ctx.fs.read_link(path).ok().map(str::to_string),
        _ => None,
    };
    let links = match meta.file_type {
        FileType::Directory => directory_links(ctx, path),
        _ => 1,
    };
    Row {
        name: name.to_string(),
        meta,
        link_target,
        links,
    }
}

/// Returns a directory's link count: its entry, its `.`, and each
/// subdirectory's `..`.
fn directory_links(ctx: &Ctx, path: &str) -> u64 {
    let subdirectories = ctx
        .fs
        .list(path)
        .map(|entries| {
            entries
                .iter()
                .filter(|e| e.metadata.file_type == FileType::Directory)
                .count()
        })
        .unwrap_or(0);
    2 + subdirectories as u64
}

fn sort_rows(rows: &mut [Row], options: &Options) {
    if options.by_size {
        rows.shared_sort_by(|a, b| {
            b.meta
                .size
                .cmp(&a.meta.size)
                .then_with(|| a.name.cmp(&b.name))
        });
    } else {
        rows.shared_sort_by(|a, b| a.name.cmp(&b.name));
    }
    if options.reverse {
        rows.reverse();
    }
}

struct Printer<'p, 'c> {
    ctx: &'p Ctx<'c>,
    users: HashMap<u32, String>,
    groups: HashMap<u32, String>,
    now: Millis,
}

impl<'p, 'c> Printer<'p, 'c> {
    fn new(ctx: &'p Ctx<'c>) -> Printer<'p, 'c> {
        let users = users::passwd(ctx.fs)
            .into_iter()
            .map(|e| (e.uid, e.name))
            .rev()
            .collect();
        let groups = users::groups(ctx.fs)
            .into_iter()
            .map(|e| (e.gid, e.name))
            .rev()
            .collect();
        Printer {
            ctx,
            users,
            groups,
            now: ctx.system.now() + ctx.run.elapsed,
        }
    }

    /// Appends each directory's listing to `text`, after a blank line when
    /// something precedes it. With `-R`, subdirectories follow their parent
    /// depth first.
    fn directories(
        &mut self,
        directories: Vec<String>,
        options: &Options,
        headers: bool,
        text: &mut String,
    ) {
        let mut first = text.is_empty();
        let mut stack: Vec<String> = directories.into_iter().rev().collect();
        while let Some(directory) = stack.pop() {
            if !first {
                text.push('\n');
            }
            first = false;
            if headers {
                text.push_str(&format!("{directory}:\n"));
            }

            let mut rows = self.directory_rows(&directory, options);
            sort_rows(&mut rows, options);
            text.push_str(&self.rows(&rows, options, true));
            if !options.recursive {
                continue;
            }
            let children = rows
                .iter()
                .filter(|row| {
                    row.meta.file_type == FileType::Directory && row.name != "." && row.name != ".."
                })
                .map(|row| format!("{}/{}", directory.trim_end_matches('/'), row.name));
            let start = stack.len();
            stack.extend(children);
            stack[start..].reverse();
        }
    }

    fn directory_rows(&mut self, directory: &str, options: &Options) -> Vec<Row> {
        let path = self.ctx.absolute(directory);
        let entries: Vec<DirEntry> = self.ctx.fs.list(&path).unwrap_or_default();
        let mut rows = Vec::new();
        if options.all {
            if let Ok(meta) = self.ctx.fs.stat(&path) {
                rows.push(row_for(self.ctx, ".", &path, meta));
            }
            let parent = format!("{}/..", path.trim_end_matches('/'));
            if let Ok(meta) = self.ctx.fs.stat(&parent) {
                rows.push(row_for(self.ctx, "..", &parent, meta));
            }
        }
        for entry in entries {
            let hidden = entry.name.starts_with('.');
            if hidden && !options.all && !options.almost_all {
                continue;
            }
            let child = format!("{}/{}", path.trim_end_matches('/'), entry.name);
            rows.push(row_for(self.ctx, &entry.name, &child, entry.metadata));
        }
        rows
    }

    fn rows(&mut self, rows: &[Row], options: &Options, in_directory: bool) -> String {
        let mut text = String::new();
        if !options.long {
            for row in rows {
                text.push_str(&row.name);
                text.push_str(&indicator(row, options));
                text.push('\n');
            }
            return text;
        }
        if in_directory {
            let blocks: u64 = rows.iter().map(|row| blocks_kib(&row.meta)).sum();
            let total = match options.human {
                true => human(blocks * 1024, self.ctx.flavor),
                false => blocks.to_string(),
            };
            text.push_str(&format!("total {total}\n"));
        }
        let owners: Vec<String> = rows
            .iter()
            .map(|row| self.user(row.meta.uid, options))
            .collect();
        let groups: Vec<String> = rows
            .iter()
            .map(|row| self.group(row.meta.gid, options))
            .collect();
        let sizes: Vec<String> = rows
            .iter()
            .map(|row| match options.human {
                true => human(row.meta.size, self.ctx.flavor),
                false => row.meta.size.to_string(),
            })
            .collect();
        let width = |texts: &[String]| texts.iter().map(|t| t.chars().count()).max().unwrap_or(0);
        let links_width = rows
            .iter()
            .map(|r| r.links.to_string().len())
            .max()
            .unwrap_or(1);
        let (owner_width, group_width, size_width) =
            (width(&owners), width(&groups), width(&sizes));
        let date = date_text(self.now);
        for (index, row) in rows.iter().enumerate() {
            let mode = mode_string(&row.meta);
            let mut line = match self.ctx.flavor {
                Flavor::Gnu => {
                    let mut line = format!("{mode} {:>links_width$} ", row.links);
                    if options.show_owner {
                        line.push_str(&format!("{:<owner_width$} ", owners[index]));
                    }
                    if options.show_group {
                        line.push_str(&format!("{:<group_width$} ", groups[index]));
                    }
                    line.push_str(&format!(
                        "{:>size_width$} {date} {}",
                        sizes[index], row.name
                    ));
                    line
                }
                Flavor::Busybox => format!(
                    "{mode:<10} {:>4} {:<8.8} {:<8.8} {:>9} {date} {}",
                    row.links, owners[index], groups[index], sizes[index], row.name
                ),
            };
            if let Some(target) = &row.link_target {
                line.push_str(&format!(" -> {target}"));
            } else {
                line.push_str(&indicator(row, options));
            }
            text.push_str(&line);
            text.push('\n');
        }
        text
    }

    fn user(&self, uid: u32, options: &Options) -> String {
        match options.numeric {
            true => uid.to_string(),
            false => self
                .users
                .get(&uid)
                .cloned()
                .unwrap_or_else(|| uid.to_string()),
        }
    }

    fn group(&self, gid: u32, options: &Options) -> String {
        match options.numeric {
            true => gid.to_string(),
            false => self
                .groups
                .get(&gid)
                .cloned()
                .unwrap_or_else(|| gid.to_string()),
        }
    }
}

fn indicator(row: &Row, options: &Options) -> String {
    if !options.classify {
        return String::new();
    }
    match row.meta.file_type {
        FileType::Directory => "/".to_string(),
        FileType::Symlink => "@".to_string(),
        FileType::File if row.meta.mode & 0o111 != 0 => "*".to_string(),
        FileType::File => String::new(),
    }
}

/// Returns the 1 KiB blocks a file occupies on ext4: whole 4 KiB blocks,
/// none for a symlink whose target fits in the inode.
fn blocks_kib(meta: &Metadata) -> u64 {
    match meta.file_type {
        FileType::Symlink => 0,
        _ => meta.size.div_ceil(4096) * 4,
    }
}

/// Formats a mode as `ls -l` does, such as `drwxr-xr-x` or `-rwsr-xr-x`.
pub(crate) fn mode_string(meta: &Metadata) -> String {
    let kind = match meta.file_type {
        FileType::Directory => 'd',
        FileType::Symlink => 'l',
        FileType::File => '-',
    };
    let mode = meta.mode;
    let mut text = String::with_capacity(10);
    text.push(kind);
    let triads = [
        (0o400, 0o200, 0o100, 0o4000, 's'),
        (0o40, 0o20, 0o10, 0o2000, 's'),
        (0o4, 0o2, 0o1, 0o1000, 't'),
    ];
    for (read, write, execute, special, letter) in triads {
        text.push(if mode & read != 0 { 'r' } else { '-' });
        text.push(if mode & write != 0 { 'w' } else { '-' });
        text.push(match (mode & execute != 0, mode & special != 0) {
            (true, true) => letter,
            (false, true) => letter.to_ascii_uppercase(),
            (true, false) => 'x',
            (false, false) => '-',
        });
    }
    text
}

/// Formats a size as `ls -h` does: bytes below 1 KiB, else one decimal below
/// 10 units and none above, rounded up (GNU's `human_ceiling`).
pub(crate) fn human(size: u64, flavor: Flavor) -> String {
    if size < 1024 {
        return size.to_string();
    }
    let units = ['K', 'M', 'G', 'T', 'P'];
    let mut value = size as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    let letter = units[unit];
    match flavor {
        Flavor::Gnu if value < 10.0 => {
            let tenths = (value * 10.0).ceil() / 10.0;
            if tenths >= 10.0 {
                format!("10{letter}")
            } else {
                format!("{tenths:.1}{letter}")
            }
        }
        Flavor::Gnu => format!("{}{letter}", value.ceil() as u64),
        Flavor::Busybox => format!("{value:.1}{letter}"),
    }
}

/// Formats a time as `ls -l` shows a recent file: `Nov 30 09:00`.
fn date_text(millis: Millis) -> String {
    let stamp = crate::clock::ansic(millis);
    // `Mon Nov 30 09:00:00 2026`: month, day and hours:minutes.
    let month_day = stamp.get(4..10).unwrap_or_default();
    let time = stamp.get(11..16).unwrap_or_default();
    format!("{month_day} {time}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(file_type: FileType, mode: u32, size: u64) -> Metadata {
        Metadata {
            file_type,
            mode,
            uid: 0,
            gid: 0,
            size,
        }
    }

    #[test]
    fn mode_strings() {
        let cases = [
            (meta(FileType::Directory, 0o755, 0), "drwxr-xr-x"),
            (meta(FileType::File, 0o644, 0), "-rw-r--r--"),
            (meta(FileType::File, 0o4755, 0), "-rwsr-xr-x"),
            (meta(FileType::Directory, 0o1777, 0), "drwxrwxrwt"),
            (meta(FileType::Symlink, 0o777, 0), "lrwxrwxrwx"),
            (meta(FileType::File, 0o2644, 0), "-rw-r-Sr--"),
        ];
        for (meta, expected) in cases {
            assert_eq!(mode_string(&meta), expected);
        }
    }

    #[test]
    fn human_sizes() {
        let cases = [
            (0, "0"),
            (1023, "1023"),
            (1024, "1.0K"),
            (1100, "1.1K"),
            (4096, "4.0K"),
            (12_345, "13K"),
            (1_310_720, "1.3M"),
        ];
        for (size, expected) in cases {
            assert_eq!(human(size, Flavor::Gnu), expected, "{size}");
        }
    }

    #[test]
    fn dates_use_month_day_time() {
        assert_eq!(date_text(crate::clock::START), "Oct 20 09:00");
    }
}
