//! Push access: the scopes the token service grants for `pull,push`.
//!
//! Docker Hub grants `push` on `USER/*` to the signed-in user `USER` and on
//! nothing else, so an anonymous push, a push to another namespace, and
//! `docker push myimg` (which names `library/myimg`) are all denied. A
//! private registry started from `registry:2` has no authentication and
//! grants everything.

use super::storage::Registry;

impl Registry {
    /// Returns whether `user` (`None` when signed out) may push to
    /// `repository`.
    pub fn may_push(&self, repository: &str, user: Option<&str>) -> bool {
        if !self.is_docker_hub() {
            return true;
        }
        let Some(user) = user else { return false };
        repository
            .split_once('/')
            .is_some_and(|(namespace, _)| namespace == user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_grants_push_to_own_namespace_only() {
        let hub = Registry::docker_hub();
        let cases = [
            ("alice/app", Some("alice"), true),
            ("alice/tools/app", Some("alice"), true),
            ("bob/app", Some("alice"), false),
            ("library/myimg", Some("alice"), false),
            ("alice/app", None, false),
        ];
        for (repository, user, expected) in cases {
            assert_eq!(
                hub.may_push(repository, user),
                expected,
                "{repository} as {user:?}"
            );
        }
    }

    #[test]
    fn private_registry_grants_everyone() {
        assert!(Registry::private().may_push("app", None));
    }
}
