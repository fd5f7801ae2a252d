//! The graph's place in the timeline of commands, and the moves of play,
//! pause, step, speed and time travel.
//!
//! A [`Position`] names an entry of the timeline and how many of its events
//! the drawing has applied. Entry `None` is the world before the first
//! command. Positions `(i, len_i)` and `(i + 1, 0)` draw the same world, so
//! stepping moves to the next position that draws something new.

/// Playback speeds the speed control offers, slowest first.
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

/// Index of 1× in [`SPEEDS`].
const NORMAL_SPEED: usize = 2;

/// A point in the timeline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// The entry whose events are drawn; `None` before the first command.
    pub entry: Option<usize>,
    /// How many of that entry's events the drawing has applied.
    pub played: usize,
}

impl Position {
    /// Returns the position after every event of `entry`.
    pub fn end_of(entry: Option<usize>, counts: &[usize]) -> Self {
        let played = entry
            .and_then(|index| counts.get(index))
            .copied()
            .unwrap_or(0);
        Self { entry, played }
    }
}

/// The playback state.
#[derive(Clone, Debug, PartialEq)]
pub struct Playback {
    pub position: Position,
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
}

impl Default for Playback {
    fn default() -> Self {
        Self {
            position: Position::default(),
            playing: false,
            speed: NORMAL_SPEED,
        }
    }
}

impl Playback {
    /// Returns the speed factor: 1.0 is normal.
    pub fn speed_factor(&self) -> f64 {
        SPEEDS[self.speed.min(SPEEDS.len() - 1)]
    }

    /// Sets the speed to the entry of [`SPEEDS`] closest to `factor`.
    pub fn set_speed(&mut self, factor: f64) {
        let distance = |index: &usize| (SPEEDS[*index].ln() - factor.max(0.01).ln()).abs();
        self.speed = (0..SPEEDS.len())
            .min_by(|a, b| distance(a).total_cmp(&distance(b)))
            .unwrap_or(NORMAL_SPEED);
    }

    /// Starts playing a command that just ran from its first event.
    pub fn start(&mut self, entry: usize) {
        self.position = Position {
            entry: Some(entry),
            played: 0,
        };
        self.playing = true;
    }

    /// Applies one more event while playing; stops after the last event of
    /// the last entry. `expected` is the position the caller saw, so a tick
    /// that arrives after the position moved for another reason is ignored.
    pub fn tick(&mut self, expected: Position, counts: &[usize]) {
        if !self.playing || expected != self.position {
            return;
        }
        match next(self.position, counts) {
            Some(position) => self.position = position,
            None => self.playing = false,
        }
    }

    /// Plays from the current position, or replays the current command when
    /// the drawing is already at the end of the timeline.
    pub fn play(&mut self, counts: &[usize]) {
        if next(self.position, counts).is_none() {
            let entry = self
                .position
                .entry
                .or(if counts.is_empty() { None } else { Some(0) });
            self.position = Position { entry, played: 0 };
        }
        self.playing = true;
    }

    pub fn pause(&mut self) {
        self.playing = false;
    }

    /// Pauses and applies one more event.
    pub fn step_forward(&mut self, counts: &[usize]) {
        self.playing = false;
        if let Some(position) = next(self.position, counts) {
            self.position = position;
        }
    }

    /// Pauses and takes back one event.
    pub fn step_back(&mut self, counts: &[usize]) {
        self.playing = false;
        if let Some(position) = previous(self.position, counts) {
            self.position = position;
        }
    }

    /// Pauses and shows the world as it was after `entry` (`None`: before
    /// the first command).
    pub fn travel(&mut self, entry: Option<usize>, counts: &[usize]) {
        self.playing = false;
        let entry = entry.filter(|index| *index < counts.len());
        self.position = Position::end_of(entry, counts);
    }

    /// Pauses with the drawing right after event `index` of `entry`.
    pub fn seek(&mut self, entry: usize, index: usize, counts: &[usize]) {
        let Some(count) = counts.get(entry) else {
            return;
        };
        self.playing = false;
        self.position = Position {
            entry: Some(entry),
            played: (index + 1).min(*count),
        };
    }
}

/// Returns the position one event later, skipping entries without events.
pub fn next(position: Position, counts: &[usize]) -> Option<Position> {
    if let Some(index) = position.entry {
        if position.played < counts.get(index).copied().unwrap_or(0) {
            return Some(Position {
                entry: Some(index),
                played: position.played + 1,
            });
        }
    }
    let first = position.entry.map_or(0, |index| index + 1);
    (first..counts.len())
        .find(|index| counts[*index] > 0)
        .map(|index| Position {
            entry: Some(index),
            played: 1,
        })
}

/// Returns the position one event earlier, or `None` at the start.
pub fn previous(position: Position, counts: &[usize]) -> Option<Position> {
    let index = position.entry?;
    if position.played > 0 {
        return Some(Position {
            entry: Some(index),
            played: position
                .played
                .min(counts.get(index).copied().unwrap_or(0))
                .saturating_sub(1),
        });
    }
    (0..index)
        .rev()
        .find(|earlier| counts[*earlier] > 0)
        .map(|earlier| Position {
            entry: Some(earlier),
            played: counts[earlier] - 1,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(entry: Option<usize>, played: usize) -> Position {
        Position { entry, played }
    }

    #[test]
    fn next_walks_events_and_skips_empty_entries() {
        let counts = [2, 0, 1];
        let cases = [
            (at(None, 0), Some(at(Some(0), 1))),
            (at(Some(0), 1), Some(at(Some(0), 2))),
            (at(Some(0), 2), Some(at(Some(2), 1))),
            (at(Some(1), 0), Some(at(Some(2), 1))),
            (at(Some(2), 1), None),
        ];
        for (from, expected) in cases {
            assert_eq!(next(from, &counts), expected, "from {from:?}");
        }
    }

    #[test]
    fn previous_walks_back_to_the_start() {
        let counts = [2, 0, 1];
        let cases = [
            (at(Some(2), 1), Some(at(Some(2), 0))),
            (at(Some(2), 0), Some(at(Some(0), 1))),
            (at(Some(1), 0), Some(at(Some(0), 1))),
            (at(Some(0), 1), Some(at(Some(0), 0))),
            (at(Some(0), 0), None),
            (at(None, 0), None),
        ];
        for (from, expected) in cases {
            assert_eq!(previous(from, &counts), expected, "from {from:?}");
        }
    }

    #[test]
    fn tick_plays_to_the_end_then_stops() {
        let counts = [2];
        let mut playback = Playback::default();
        playback.start(0);
        for _ in 0..2 {
            let position = playback.position;
            playback.tick(position, &counts);
        }
        assert_eq!(playback.position, at(Some(0), 2));
        assert!(playback.playing);
        playback.tick(playback.position, &counts);
        assert!(!playback.playing);
    }

    #[test]
    fn stale_tick_is_ignored() {
        let counts = [3];
        let mut playback = Playback::default();
        playback.start(0);
        playback.tick(at(Some(0), 2), &counts);
        assert_eq!(playback.position, at(Some(0), 0));
    }

    #[test]
    fn play_at_end_replays_current_entry() {
        let counts = [2, 3];
        let mut playback = Playback::default();
        playback.travel(Some(1), &counts);
        assert_eq!(playback.position, at(Some(1), 3));
        playback.play(&counts);
        assert_eq!(playback.position, at(Some(1), 0));
        assert!(playback.playing);
    }

    #[test]
    fn play_from_earlier_entry_continues_into_later_ones() {
        let counts = [1, 1];
        let mut playback = Playback::default();
        playback.travel(Some(0), &counts);
        playback.play(&counts);
        assert_eq!(playback.position, at(Some(0), 1));
        playback.tick(playback.position, &counts);
        assert_eq!(playback.position, at(Some(1), 1));
    }

    #[test]
    fn steps_pause_playback() {
        let counts = [3];
        let mut playback = Playback::default();
        playback.start(0);
        playback.step_forward(&counts);
        assert!(!playback.playing);
        assert_eq!(playback.position, at(Some(0), 1));
        playback.step_back(&counts);
        assert_eq!(playback.position, at(Some(0), 0));
    }

    #[test]
    fn travel_ignores_missing_entry() {
        let counts = [1];
        let mut playback = Playback::default();
        playback.travel(Some(7), &counts);
        assert_eq!(playback.position, at(None, 0));
    }

    #[test]
    fn seek_clamps_to_entry() {
        let counts = [2];
        let mut playback = Playback::default();
        playback.seek(0, 9, &counts);
        assert_eq!(playback.position, at(Some(0), 2));
        playback.seek(4, 0, &counts);
        assert_eq!(playback.position, at(Some(0), 2));
    }

    #[test]
    fn speed_snaps_to_offered_values() {
        let mut playback = Playback::default();
        assert_eq!(playback.speed_factor(), 1.0);
        for (asked, expected) in [
            (0.1, 0.25),
            (2.5, 2.0),
            (5.0, 4.0),
            (100.0, 8.0),
            (f64::NAN, 0.25),
        ] {
            playback.set_speed(asked);
            assert_eq!(playback.speed_factor(), expected, "asked {asked}");
        }
    }
}
