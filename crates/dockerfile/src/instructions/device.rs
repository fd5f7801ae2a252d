//! `RUN --device` values, as BuildKit's `instructions/commands_rundevice.go`
//! reads them (moby/buildkit at e269a8a3).
//!
//! A value is one CSV record. Its first field without `=` is the device
//! name (a CDI device such as `vendor.com/class=name`), unless it is
//! `required`. The keys `name` and `required` may also be given as
//! `key=value`, in any case.

use super::suggest::{with_suggestion, Case, Order};
use super::values::{csv_fields, parse_bool};
use crate::parser::go::to_lower;

/// A device that a RUN command requests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Device {
    /// The CDI device name.
    pub name: String,
    /// Fail the build when the device is not available.
    pub required: bool,
}

/// Parses one `--device` value, as BuildKit's `ParseDevice` does.
///
/// # Errors
///
/// Returns BuildKit's message for a CSV error, a second name, a bad
/// `required` value or an unknown key once the name is set.
pub fn parse_device(value: &str) -> Result<Device, String> {
    let fields = csv_fields(value).map_err(|e| format!("failed to parse csv devices: {e}"))?;
    let mut device = Device::default();
    for field in &fields {
        match field.split_once('=') {
            None => bare_field(&mut device, field)?,
            Some((key, value)) => keyed_field(&mut device, &to_lower(key), value, field)?,
        }
    }
    Ok(device)
}

fn bare_field(device: &mut Device, field: &str) -> Result<(), String> {
    if to_lower(field) == "required" {
        device.required = true;
        return Ok(());
    }
    if device.name.is_empty() {
        device.name = field.to_owned();
        return Ok(());
    }
    Err(format!("invalid field '{field}' must be a key=value pair"))
}

fn keyed_field(device: &mut Device, key: &str, value: &str, field: &str) -> Result<(), String> {
    match key {
        "name" if !device.name.is_empty() => {
            Err(format!("device name already set to {}", device.name))
        }
        "name" => {
            device.name = value.to_owned();
            Ok(())
        }
        "required" => {
            device.required =
                parse_bool(value).ok_or_else(|| format!("invalid value for {key}: {value}"))?;
            Ok(())
        }
        _ if device.name.is_empty() => {
            device.name = field.to_owned();
            Ok(())
        }
        _ => {
            let message = format!("unexpected key '{key}' in '{field}'");
            let keys = ["name", "required"];
            Err(with_suggestion(
                message,
                key,
                &keys,
                Case::Sensitive,
                Order::Listed,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_read_like_buildkit() {
        let cases = [
            ("vendor1.com/device=foo", "vendor1.com/device=foo", false),
            (
                "vendor1.com/device=foo,required",
                "vendor1.com/device=foo",
                true,
            ),
            (
                "name=nvidia.com/gpu=all,required=true",
                "nvidia.com/gpu=all",
                true,
            ),
            ("Required,gpu", "gpu", true),
            ("gpu,required=false", "gpu", false),
        ];
        for (value, name, required) in cases {
            let device = parse_device(value).unwrap();
            assert_eq!(device.name, name, "value {value:?}");
            assert_eq!(device.required, required, "value {value:?}");
        }
    }

    #[test]
    fn device_errors() {
        let cases = [
            ("", "failed to parse csv devices: EOF"),
            ("a,b", "invalid field 'b' must be a key=value pair"),
            ("a,name=b", "device name already set to a"),
            ("a,required=maybe", "invalid value for required: maybe"),
            (
                "a,nme=b",
                "unexpected key 'nme' in 'nme=b' (did you mean name?)",
            ),
            ("a,xyzzy=b", "unexpected key 'xyzzy' in 'xyzzy=b'"),
        ];
        for (value, expected) in cases {
            assert_eq!(
                parse_device(value).unwrap_err(),
                expected,
                "value {value:?}"
            );
        }
    }
}
