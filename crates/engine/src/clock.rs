//! The world's logical clock.
//!
//! Nothing in the engine reads the wall clock: every timestamp comes from this
//! clock, which starts at a fixed instant and moves only when a command says
//! how long it took. The same commands therefore print the same `CREATED` and
//! `STATUS` columns every time.

/// Milliseconds since the Unix epoch, on the logical clock.
pub type Millis = u64;

/// 2025-10-20T09:00:00Z: the instant every new world starts at, in the
/// time of Docker Engine 28.5, the release the simulation follows.
pub const START: Millis = 1_760_950_800_000;

/// The logical clock of a world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clock {
    now: Millis,
}

impl Default for Clock {
    fn default() -> Self {
        Self { now: START }
    }
}

impl Clock {
    /// Returns the current logical time.
    pub fn now(&self) -> Millis {
        self.now
    }

    /// Moves the clock forward by `millis`.
    pub fn advance(&mut self, millis: Millis) {
        self.now = self.now.saturating_add(millis);
    }
}

/// Formats a logical time as RFC 3339 in UTC with nanoseconds, as Docker's
/// inspect output does (`2025-10-20T09:00:00.123000000Z`).
pub fn rfc3339_nanos(millis: Millis) -> String {
    let (date, seconds_of_day) = civil_from_millis(millis);
    format!(
        "{}T{}.{:03}000000Z",
        date,
        time_of_day(seconds_of_day),
        millis % 1000
    )
}

/// Formats a logical time as RFC 3339 in UTC to the second (`2025-10-20T09:00:00Z`).
pub fn rfc3339(millis: Millis) -> String {
    let (date, seconds_of_day) = civil_from_millis(millis);
    format!("{}T{}Z", date, time_of_day(seconds_of_day))
}

/// Formats a logical time as Go's ANSI-C layout (`Mon Jan _2 15:04:05 2006`),
/// the layout of `docker version`'s `Built:` lines.
pub fn ansic(millis: Millis) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = millis / 86_400_000;
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{} {} {:>2} {} {}",
        WEEKDAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        day,
        time_of_day((millis / 1000) % 86_400),
        year
    )
}

/// Parses an RFC 3339 time in UTC (`2025-06-01T00:00:00Z`, fractions and
/// offsets allowed) into logical milliseconds; `None` when it does not parse.
pub fn parse_rfc3339(text: &str) -> Option<Millis> {
    let (date, rest) = text.split_once('T')?;
    let mut date_parts = date.splitn(3, '-');
    let year: i64 = date_parts.next()?.parse().ok()?;
    let month: u32 = date_parts.next()?.parse().ok()?;
    let day: u32 = date_parts.next()?.parse().ok()?;
    let time_end = rest.find(['Z', '+', '-']).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(time_end);
    let (clock_time, fraction) = time.split_once('.').unwrap_or((time, ""));
    let mut time_parts = clock_time.splitn(3, ':');
    let hours: u64 = time_parts.next()?.parse().ok()?;
    let minutes: u64 = time_parts.next()?.parse().ok()?;
    let seconds: u64 = time_parts.next()?.parse().ok()?;
    let millis: u64 = format!("{fraction:0<3}").get(..3)?.parse().ok()?;
    let offset_minutes: i64 = match zone {
        "" | "Z" => 0,
        _ => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let (zone_hours, zone_minutes) = zone[1..].split_once(':')?;
            sign * (zone_hours.parse::<i64>().ok()? * 60 + zone_minutes.parse::<i64>().ok()?)
        }
    };
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hours > 23
        || minutes > 59
        || seconds > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let total_seconds =
        days * 86_400 + (hours * 3600 + minutes * 60 + seconds) as i64 - offset_minutes * 60;
    u64::try_from(total_seconds)
        .ok()
        .map(|seconds| seconds * 1000 + millis)
}

/// Converts a proleptic Gregorian date to days since 1970-01-01, after
/// Howard Hinnant's `days_from_civil` algorithm.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = i64::from(if month > 2 { month - 3 } else { month + 9 });
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_millis(millis: Millis) -> (String, u64) {
    let seconds = millis / 1000;
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    (format!("{year:04}-{month:02}-{day:02}"), seconds % 86_400)
}

fn time_of_day(seconds: u64) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// Converts days since 1970-01-01 to a proleptic Gregorian (year, month, day),
/// after Howard Hinnant's `civil_from_days` algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_is_october_2025() {
        assert_eq!(rfc3339(START), "2025-10-20T09:00:00Z");
    }

    #[test]
    fn rfc3339_nanos_keeps_milliseconds() {
        assert_eq!(
            rfc3339_nanos(START + 1_234),
            "2025-10-20T09:00:01.234000000Z"
        );
    }

    #[test]
    fn ansic_pads_day_with_space() {
        // 2025-02-26 was a Wednesday.
        let millis = 1_740_566_472_000;
        assert_eq!(ansic(millis), "Wed Feb 26 10:41:12 2025");
        assert_eq!(ansic(START + 2 * 86_400_000), "Wed Oct 22 09:00:00 2025");
    }

    #[test]
    fn parse_rfc3339_round_trips() {
        assert_eq!(parse_rfc3339("2025-10-20T09:00:00Z"), Some(START));
        assert_eq!(
            parse_rfc3339("2025-10-20T09:00:01.234567Z"),
            Some(START + 1_234)
        );
        assert_eq!(parse_rfc3339("2025-10-20T10:00:00+01:00"), Some(START));
        assert_eq!(parse_rfc3339("yesterday"), None);
        assert_eq!(parse_rfc3339("2026-13-01T00:00:00Z"), None);
    }

    #[test]
    fn civil_from_days_handles_leap_years() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}
