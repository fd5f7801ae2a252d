//! COPY and ADD steps: their sources, owner and mode, their history entry
//! and cache inputs, and the files they write, as BuildKit's `dispatchCopy`
//! builds them (`dockerfile2llb/convert_copy.go`).
//!
//! - `--from` takes files from a stage, by name or index, or from an image,
//!   which is pulled the first time it is needed.
//! - `--link` writes the files into an empty layer, so the step's cache key
//!   does not depend on the layers below it.
//! - ADD downloads URLs (a vertex of its own with the step's name), and
//!   marks Git sources and local archives as not simulated.
//! - The history entry lists `--parents`, `--chown` and `--chmod`, the
//!   sources and the destination, but not `--from` or `--link`.

use std::ops::Range;

use dockerfile::instructions::{Command, Sources};
use dockerfile::plan::Plan;
use shared_sort::SortedMap;

use super::add::{self, AddSource};
use super::cache::InputsSummary;
use super::copy::{self, CopyRequest, Source};
use super::exec::Build;
use super::mode::ModeSpec;
use super::owner;
use super::progress::Completion;
use super::report::Failure;
use super::run::checksum_error;
use super::stage::{StepError, StepPlan, Work};
use super::state::StageState;
use crate::digest::Digest;
use crate::fs::{Overlay, Owner, Recursion};

/// Download speed of ADD from a URL, in bytes per millisecond (an estimate).
const DOWNLOAD_BYTES_PER_MS: u64 = 20_000;
/// Time a Git fetch of ADD takes, in milliseconds (an estimate).
const GIT_FETCH_MS: u64 = 1_200;

/// The options of a COPY or ADD, read from either instruction.
struct CopyOptions<'c> {
    sources: &'c Sources,
    from: Option<&'c str>,
    chown: Option<&'c str>,
    chmod: Option<&'c str>,
    link: bool,
    parents: bool,
    exclude: &'c [String],
    add: bool,
    /// `ADD --unpack`; local archives unpack unless it is false.
    unpack: bool,
}

impl<'c> CopyOptions<'c> {
    fn of(command: &'c Command) -> Option<Self> {
        match command {
            Command::Copy(copy) => Some(CopyOptions {
                sources: &copy.sources,
                from: copy.from.as_deref(),
                chown: copy.chown.as_deref().filter(|value| !value.is_empty()),
                chmod: copy.chmod.as_deref().filter(|value| !value.is_empty()),
                link: copy.link,
                parents: copy.parents,
                exclude: &copy.exclude,
                add: false,
                unpack: false,
            }),
            Command::Add(add) => Some(CopyOptions {
                sources: &add.sources,
                from: None,
                chown: add.chown.as_deref().filter(|value| !value.is_empty()),
                chmod: add.chmod.as_deref().filter(|value| !value.is_empty()),
                link: add.link,
                parents: false,
                exclude: &add.exclude,
                add: true,
                unpack: add.unpack.unwrap_or(true),
            }),
            _ => None,
        }
    }

    /// Returns BuildKit's history entry.
    fn history(&self) -> String {
        let mut text = String::from(if self.add { "ADD" } else { "COPY" });
        if self.parents {
            text.push_str(" --parents");
        }
        if let Some(chown) = self.chown {
            text.push_str(&format!(" --chown={chown}"));
        }
        if let Some(chmod) = self.chmod {
            text.push_str(&format!(" --chmod={chmod}"));
        }
        for source in &self.sources.paths {
            text.push_str(&format!(" {source}"));
        }
        for content in &self.sources.contents {
            text.push_str(&format!(" <<{}", content.path));
        }
        format!("{text} {} # buildkit", self.sources.destination)
    }
}

impl Build<'_> {
    /// Runs a COPY or ADD instruction as a cached step.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn copy_instruction(
        &mut self,
        state: &mut StageState,
        plan: &Plan,
        results: &SortedMap<usize, StageState>,
        command: &Command,
        vertex: String,
        text: String,
        ignore_cache: bool,
        span: Range<usize>,
    ) -> Result<(), Failure> {
        let Some(options) = CopyOptions::of(command) else {
            return Ok(());
        };
        let other = match options.from {
            Some(from) => Some(self.source_files(from, plan, results, &span)?),
            None => None,
        };
        let mode = options
            .chmod
            .map(ModeSpec::parse)
            .transpose()
            .map_err(|message| Failure::at(message, span.clone()))?;
        let owner = options
            .chown
            .map(|spec| owner::resolve(&state.files(), spec));
        let classified: Vec<AddSource> = options
            .sources
            .paths
            .iter()
            .map(|path| {
                if options.add {
                    AddSource::of(path)
                } else {
                    AddSource::Local(path.clone())
                }
            })
            .collect();
        let downloads = self.download_urls(&classified, &vertex);

        let local: Vec<String> = classified
            .iter()
            .filter_map(|source| match source {
                AddSource::Local(path) if !(options.unpack && add::is_archive(path)) => {
                    Some(path.clone())
                }
                _ => None,
            })
            .collect();
        let unsimulated: Vec<&AddSource> = classified.iter().filter(|source| matches!(source, AddSource::Git(_)) || matches!(source, AddSource::Local(path) if options.unpack && add::is_archive(path))).collect();
        let inline: Vec<(String, String)> = options
            .sources
            .contents
            .iter()
            .map(|content| (content.path.clone(), content.data.clone()))
            .collect();
        let workdir = state.workdir();
        let request = CopyRequest {
            sources: &local,
            inline: &inline,
            destination: &options.sources.destination,
            workdir: &workdir,
            owner,
            mode: mode.as_ref(),
            exclude: options.exclude,
            parents: options.parents,
        };

        let mut inputs = InputsSummary::default();
        let source = match &other {
            Some(files) => Source::Files(files),
            None => Source::Context(&self.context),
        };
        let mut scratch = if options.link {
            Overlay::default()
        } else {
            state.files()
        };
        let checked = copy::copy(&mut scratch, &source, &request);
        match &checked {
            Ok(digests) => inputs.parts.extend(digests.iter().cloned()),
            Err(message) => {
                inputs
                    .parts
                    .insert("error".to_string(), Digest::of(message.as_bytes()));
            }
        }
        for download in &downloads {
            inputs
                .parts
                .insert(format!("url {}", download.name), download.digest);
        }
        inputs.parts.insert(
            "options".to_string(),
            Digest::of(
                format!("{:?} {:?} {}", options.chown, options.chmod, options.link).as_bytes(),
            ),
        );
        for source in &unsimulated {
            inputs.parts.insert(
                format!("{source:?}"),
                Digest::of(format!("{source:?}").as_bytes()),
            );
        }

        let step = StepPlan {
            vertex,
            instruction: text,
            inputs,
            history: options.history(),
            ignore_cache,
            span,
        };
        let link = options.link;
        let key = state.key;
        let destination = copy::absolute(&workdir, &options.sources.destination);
        let into_directory = options.sources.destination.ends_with('/');
        let simulated = downloads.is_empty() && unsimulated.is_empty();
        let source_files = other.clone();
        let work = move |build: &mut Build, state: &StageState, _| -> Result<Work, StepError> {
            if let Err(message) = &checked {
                return Err(match message.ends_with(": not found") {
                    true => checksum_error(&key, message),
                    false => StepError {
                        vertex_error: message.clone(),
                        message: message.clone(),
                        log: Vec::new(),
                        duration: 20,
                    },
                });
            }
            let mut files = if link {
                Overlay::default()
            } else {
                state.files()
            };
            let source = match &source_files {
                Some(files) => Source::Files(files),
                None => Source::Context(&build.context),
            };
            copy::copy(&mut files, &source, &request).map_err(|message| StepError {
                vertex_error: message.clone(),
                message,
                log: Vec::new(),
                duration: 20,
            })?;
            for download in &downloads {
                let path = if into_directory {
                    copy::join(&destination, &download.name)
                } else {
                    destination.clone()
                };
                place_download(&mut files, &path, download, owner, request.mode);
            }
            if !unsimulated.is_empty() {
                let _ = files.mkdir_all(&destination);
            }
            let changes = files.commit();
            let duration = 40 + changes.size() / 50_000;
            Ok(Work {
                changes: (!changes.is_empty()).then_some(changes),
                log: Vec::new(),
                duration,
                simulated,
            })
        };
        if link {
            // The linked layer's key depends on its own inputs only; the
            // stage's key then combines it with the layers below.
            let parent = state.key;
            state.key = Digest::of(b"link");
            let result = self.cached_step(state, step, work);
            state.key = match result {
                Ok(()) => Digest::of(format!("{parent} {}", state.key).as_bytes()),
                Err(_) => parent,
            };
            return result;
        }
        self.cached_step(state, step, work)
    }

    /// Fetches each URL and Git source, with a vertex of the step's name, as
    /// BuildKit's HTTP and Git sources run before the copy, and returns the
    /// downloads.
    fn download_urls(&mut self, sources: &[AddSource], vertex: &str) -> Vec<add::Download> {
        let mut downloads = Vec::new();
        for source in sources {
            let started = self.cx.now();
            match source {
                AddSource::Url(url) => {
                    let download = add::download(url);
                    self.cx.advance(
                        crate::distribution::ROUND_TRIP_MS
                            + download.content.size() / DOWNLOAD_BYTES_PER_MS,
                    );
                    downloads.push(download);
                }
                AddSource::Git(_) => self.cx.advance(GIT_FETCH_MS),
                AddSource::Local(_) => continue,
            }
            self.vertex_now(vertex, started, Vec::new(), Completion::Done);
        }
        downloads
    }
}

/// Writes a downloaded file with mode 0600, as BuildKit's HTTP source does.
fn place_download(
    files: &mut Overlay,
    path: &str,
    download: &add::Download,
    owner: Option<(u32, u32)>,
    mode: Option<&ModeSpec>,
) {
    if let Some((parent, _)) = path.rsplit_once('/') {
        let _ = files.mkdir_all(if parent.is_empty() { "/" } else { parent });
    }
    let mode = mode.map_or(0o600, |spec| spec.apply(0o600, false));
    let _ = files.write_with_mode(path, download.content.clone(), mode);
    let (uid, gid) = owner.unwrap_or((0, 0));
    let _ = files.chown(
        path,
        Owner {
            uid: Some(uid),
            gid: Some(gid),
        },
        Recursion::Single,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use dockerfile::instructions::parse_instruction;
    use dockerfile::parser::parse;

    #[test]
    fn history_lists_flags_sources_and_destination() {
        let cases = [
            (
                "COPY --from=build --link /out /app/",
                "COPY /out /app/ # buildkit",
            ),
            (
                "COPY --chown=app:app --chmod=755 a b /dst/",
                "COPY --chown=app:app --chmod=755 a b /dst/ # buildkit",
            ),
            (
                "COPY --parents src/./x.go /dst/",
                "COPY --parents src/./x.go /dst/ # buildkit",
            ),
            (
                "ADD --checksum=sha256:abc https://example.com/x /x",
                "ADD https://example.com/x /x # buildkit",
            ),
        ];
        for (line, expected) in cases {
            let output = parse(line);
            let command = parse_instruction(&output.instructions[0]).unwrap().command;
            assert_eq!(
                CopyOptions::of(&command).unwrap().history(),
                expected,
                "{line}"
            );
        }
    }
}
