//! `docker ps` / `docker container ls`.

use crate::client::docker::Call;
use crate::client::format;
use crate::cx::Cx;
use crate::table::format_rows;
use crate::world::World;

/// Runs `docker ps`.
pub fn run(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let all = flags.bool("all");
    let quiet = flags.bool("quiet");
    let no_trunc = flags.bool("no-trunc");
    let latest = flags.bool("latest");
    let size = flags.bool("size");
    let last = flags.integer("last").unwrap_or(-1);

    let mut query = Vec::new();
    if all || latest || last > 0 {
        query.push("all=1".to_string());
    }
    if latest {
        query.push("limit=1".to_string());
    } else if last > 0 {
        query.push(format!("limit={last}"));
    }
    if size {
        query.push("size=1".to_string());
    }
    call.api(cx, "GET", "/containers/json", &query.join("&"), 200);

    let daemon = &world.hosts[&call.target].daemon;
    let show_all = all || latest || last > 0;
    let limit = if latest { 1 } else if last > 0 { last as usize } else { usize::MAX };
    let containers: Vec<_> = daemon
        .containers
        .iter()
        .rev()
        .filter(|container| show_all || container.state.is_running())
        .take(limit)
        .collect();

    if quiet {
        for container in containers {
            cx.out.outln(if no_trunc { container.id.as_str() } else { container.short_id() });
        }
        return 0;
    }

    let mut header = vec!["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"];
    if size {
        header.push("SIZE");
    }
    let mut table: Vec<Vec<String>> = vec![header.into_iter().map(str::to_string).collect()];
    for container in containers {
        let image = if daemon.images.get(&container.image_id).is_some() {
            container.image.clone()
        } else {
            container.image_id.short()
        };
        let mut row = vec![
            if no_trunc { container.id.clone() } else { container.short_id().to_string() },
            image,
            format::quoted_command(container, !no_trunc),
            format::created_since(cx.now(), container.created),
            container.state.status_text(cx.now()),
            format::ports(container),
            container.name.clone(),
        ];
        if size {
            let upper = container.rootfs.upper_size();
            let virtual_size = upper + container.rootfs.lower_size();
            row.push(format!("{} (virtual {})", format::size(upper), format::size(virtual_size)));
        }
        table.push(row);
    }
    cx.out.out(format_rows(&table));
    0
}
