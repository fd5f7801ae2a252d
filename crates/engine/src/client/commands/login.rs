//! `docker login` and `docker logout` against simulated registries.
//!
//! Only the user name is kept, as the sign that a login happened; the
//! password is checked for being non-empty and then dropped. The simulated
//! Docker Hub accepts any user name with a non-empty password, and a
//! private registry accepts anyone.

use crate::client::docker::Call;
use crate::cx::Cx;
use crate::events::Node;
use crate::world::World;

use super::set_api_status;

/// The address Docker stores Docker Hub credentials under.
const INDEX_SERVER: &str = "https://index.docker.io/v1/";

/// The warning docker/cli 28 prints when it saves credentials to
/// `config.json` without a credential helper. Porthole itself saves nothing.
const UNENCRYPTED_WARNING: &str = "\nWARNING! Your credentials are stored unencrypted in '/root/.docker/config.json'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n";

/// Returns the registry a `SERVER` argument names. No argument, `docker.io`
/// and the index address name Docker Hub. Anything else names its host
/// without scheme or path, as docker/cli's `credentials.ConvertToHostname`
/// strips them.
fn registry_name(server: Option<&str>) -> String {
    let Some(server) = server else {
        return "docker.io".to_string();
    };
    let host = server
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let host = host.split('/').next().unwrap_or(host);
    match host {
        "" | "docker.io" | "index.docker.io" | "registry-1.docker.io" => "docker.io".to_string(),
        other => other.to_string(),
    }
}

/// Returns the address Docker prints for a registry.
fn server_address(registry: &str) -> String {
    if registry == "docker.io" {
        INDEX_SERVER.to_string()
    } else {
        registry.to_string()
    }
}

/// Runs `docker login [-u NAME] [-p PASSWORD | --password-stdin] [SERVER]`.
pub fn login(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let flags = &call.invocation.flags;
    let user = flags.string("username").trim().to_string();
    let password_given = flags.is_set("password");
    let password_empty = flags.string("password").is_empty();
    if flags.bool("password-stdin") {
        if password_given {
            cx.out
                .errln("--password and --password-stdin are mutually exclusive");
            return 1;
        }
        if user.is_empty() {
            cx.out
                .errln("Must provide --username with --password-stdin");
            return 1;
        }
        cx.out.errln("porthole: --password-stdin reads the password from standard input, and this one-line terminal has no way to send it; use `docker login -u NAME -p PASSWORD` here");
        return 1;
    }
    if password_given {
        cx.out
            .errln("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
    }
    if user.is_empty() || password_empty {
        cx.out
            .errln("Error: Cannot perform an interactive login from a non TTY device");
        cx.out.errln(
            "porthole: this terminal cannot answer prompts; give both -u NAME and -p PASSWORD",
        );
        return 1;
    }

    let registry = registry_name(call.args().first().map(String::as_str));
    let index = call.api(cx, "POST", "/auth", "", 200);
    cx.set_request(
        index,
        format!(
            "{{\"username\":\"{user}\",\"password\":\"…\",\"serveraddress\":\"{}\"}}",
            server_address(&registry)
        ),
    );
    let registry_index =
        match crate::distribution::private::reach(world, cx, &call.target, &registry) {
            Ok(registry_index) => registry_index,
            Err(error) => {
                set_api_status(cx, index, 500);
                let message = error.unwrap_or_else(|| {
                    crate::distribution::PullError::UnknownRegistry {
                        domain: registry.clone(),
                    }
                    .message()
                });
                return super::daemon_error(cx, &message);
            }
        };
    record_registry_login(world, cx, call, registry_index, &user);
    cx.set_response(index, "{\"Status\":\"Login Succeeded\"}");
    world.client.logins.insert(registry, user);
    cx.out.errln(UNENCRYPTED_WARNING);
    cx.out.outln("Login Succeeded");
    0
}

/// Records the daemon's check of the credentials: `GET /v2/`, then for a
/// registry with a token service, a token request with the account name.
fn record_registry_login(
    world: &World,
    cx: &mut Cx,
    call: &Call,
    registry_index: usize,
    user: &str,
) {
    let registry = &world.registries[registry_index];
    let daemon = Node::Daemon {
        host: call.target.clone(),
    };
    let registry_node = Node::Registry {
        host: registry.host.clone(),
    };
    let Some(auth_host) = &registry.auth_host else {
        cx.call(daemon, registry_node, "GET", "/v2/", "", 200);
        cx.advance(crate::distribution::ROUND_TRIP_MS);
        return;
    };
    cx.call(daemon.clone(), registry_node, "GET", "/v2/", "", 401);
    cx.advance(crate::distribution::ROUND_TRIP_MS);
    let query = format!(
        "account={}&client_id=docker&offline_token=true&service=registry.docker.io",
        crate::cx::query_escape(user)
    );
    cx.call(
        daemon,
        Node::Registry {
            host: auth_host.clone(),
        },
        "GET",
        &format!("https://{auth_host}/token"),
        &query,
        200,
    );
    cx.advance(crate::distribution::ROUND_TRIP_MS);
}

/// Runs `docker logout [SERVER]`; it talks to no daemon or registry.
pub fn logout(world: &mut World, cx: &mut Cx, call: &Call) -> i32 {
    let registry = registry_name(call.args().first().map(String::as_str));
    let address = server_address(&registry);
    if world.client.logins.remove(&registry).is_none() {
        cx.out.outln(format!("Not logged in to {address}"));
        return 0;
    }
    cx.out
        .outln(format!("Removing login credentials for {address}"));
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_argument_names_registry() {
        let cases = [
            (None, "docker.io"),
            (Some("docker.io"), "docker.io"),
            (Some("https://index.docker.io/v1/"), "docker.io"),
            (Some("localhost:5000"), "localhost:5000"),
            (Some("https://ghcr.io/v2/"), "ghcr.io"),
        ];
        for (server, expected) in cases {
            assert_eq!(registry_name(server), expected, "{server:?}");
        }
    }
}
