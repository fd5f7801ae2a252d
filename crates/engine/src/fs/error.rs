//! File operation errors, printed with the C library's `strerror` text so a
//! simulated shell can print `cat: /x: No such file or directory` as Linux does.

use std::fmt;

/// The kind of a file operation error, named after its `errno`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FsErrorKind {
    /// `ENOENT`: a path or one of its directories does not exist.
    NotFound,
    /// `EISDIR`: a file operation on a directory.
    IsADirectory,
    /// `ENOTDIR`: a path goes through something that is not a directory.
    NotADirectory,
    /// `EEXIST`: the path to create already exists.
    AlreadyExists,
    /// `ENOTEMPTY`: a directory to replace still has entries.
    DirectoryNotEmpty,
    /// `EINVAL`: for example moving a directory into itself, or removing `/`.
    InvalidArgument,
    /// `ELOOP`: more than 40 symlinks while resolving one path, Linux's limit.
    TooManySymlinks,
    /// `ENAMETOOLONG`: a path longer than 4095 bytes or a name longer than 255.
    NameTooLong,
    /// `EROFS`: a change below a read-only mount.
    ReadOnly,
}

/// A failed file operation: the error and the path as the caller gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FsError {
    /// Which error.
    pub kind: FsErrorKind,
    /// The path as the caller gave it, which is what shells print.
    pub path: String,
}

impl FsError {
    /// Creates an error of `kind` on `path`.
    pub fn new(kind: FsErrorKind, path: &str) -> FsError {
        FsError {
            kind,
            path: path.to_string(),
        }
    }
}

impl fmt::Display for FsErrorKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self {
            FsErrorKind::NotFound => "No such file or directory",
            FsErrorKind::IsADirectory => "Is a directory",
            FsErrorKind::NotADirectory => "Not a directory",
            FsErrorKind::AlreadyExists => "File exists",
            FsErrorKind::DirectoryNotEmpty => "Directory not empty",
            FsErrorKind::InvalidArgument => "Invalid argument",
            FsErrorKind::TooManySymlinks => "Too many levels of symbolic links",
            FsErrorKind::NameTooLong => "File name too long",
            FsErrorKind::ReadOnly => "Read-only file system",
        };
        formatter.write_str(message)
    }
}

impl fmt::Display for FsError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", self.path, self.kind)
    }
}

impl std::error::Error for FsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_match_strerror() {
        let cases = [
            (FsErrorKind::NotFound, "No such file or directory"),
            (FsErrorKind::IsADirectory, "Is a directory"),
            (FsErrorKind::NotADirectory, "Not a directory"),
            (FsErrorKind::AlreadyExists, "File exists"),
            (FsErrorKind::DirectoryNotEmpty, "Directory not empty"),
            (FsErrorKind::ReadOnly, "Read-only file system"),
        ];
        for (kind, message) in cases {
            assert_eq!(kind.to_string(), message);
        }
        let error = FsError::new(FsErrorKind::NotFound, "/nope");
        assert_eq!(error.to_string(), "/nope: No such file or directory");
    }
}
