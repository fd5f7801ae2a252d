//! Stable places for the graph's objects.
//!
//! Every image, layer, container, network, volume and repository gets a
//! slot number the first time a view shows it, and keeps it for the whole
//! session: adding an object never moves the others. A slot is free again
//! once its object is gone from the views around a command, so a long
//! session does not leave the drawing full of holes. Because slots are
//! assigned over the view before and after each command together, no two
//! objects drawn at the same time share a slot, also while the command's
//! events play and when the timeline travels back.

use engine::view::{HostView, RegistryView, WorldView};
use shared_sort::{SortedMap, SortedSet};

/// Slot numbers of one kind of object, by ID.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Slots {
    by_id: SortedMap<String, usize>,
    /// One more than the highest slot ever given out.
    capacity: usize,
}

impl Slots {
    /// Returns the slot of `id`, if it has one.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Returns how many slots the region must make room for: one more than
    /// the highest slot given out so far, so a region never shrinks.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Gives a slot to every ID in `shown`, the objects drawn around one
    /// command. IDs in `kept` (drawn before the command) keep theirs first;
    /// the others keep theirs unless a kept ID took it, and otherwise take
    /// the lowest slot no shown object holds.
    pub fn assign(&mut self, kept: &[&str], shown: &[&str]) {
        let mut taken: SortedSet<usize> = SortedSet::new();
        let mut waiting: Vec<&str> = Vec::new();
        let ordered = kept
            .iter()
            .chain(shown.iter().filter(|id| !kept.contains(id)));
        for id in ordered {
            match self.get(id) {
                Some(slot) if !taken.contains(&slot) => {
                    taken.insert(slot);
                }
                _ => waiting.push(id),
            }
        }
        for id in waiting {
            let slot = (0..).find(|slot| !taken.contains(slot)).unwrap_or(0);
            taken.insert(slot);
            self.by_id.insert(id.to_string(), slot);
            self.capacity = self.capacity.max(slot + 1);
        }
    }
}

/// Slots of one host's objects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostSlots {
    pub images: Slots,
    pub layers: Slots,
    pub containers: Slots,
    pub networks: Slots,
    pub volumes: Slots,
}

/// Slots of every host and registry, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SlotBook {
    pub hosts: SortedMap<String, HostSlots>,
    /// Repository slots by registry name.
    pub registries: SortedMap<String, Slots>,
}

impl SlotBook {
    /// Gives slots to everything in `before` and `after`, the views around
    /// one command.
    pub fn update(&mut self, before: &WorldView, after: &WorldView) {
        let names: SortedSet<&str> = before
            .hosts
            .iter()
            .chain(&after.hosts)
            .map(|host| host.name.as_str())
            .collect();
        for name in names {
            let earlier = before.hosts.iter().find(|host| host.name == name);
            let later = after.hosts.iter().find(|host| host.name == name);
            let slots = self.hosts.entry(name.to_string()).or_default();
            assign(&mut slots.images, earlier, later, |host| {
                host.images.iter().map(|image| image.id.as_str()).collect()
            });
            assign(&mut slots.layers, earlier, later, |host| {
                host.layers
                    .iter()
                    .map(|layer| layer.diff_id.as_str())
                    .collect()
            });
            assign(&mut slots.containers, earlier, later, |host| {
                host.containers
                    .iter()
                    .map(|container| container.id.as_str())
                    .collect()
            });
            assign(&mut slots.networks, earlier, later, |host| {
                host.networks
                    .iter()
                    .map(|network| network.id.as_str())
                    .collect()
            });
            assign(&mut slots.volumes, earlier, later, |host| {
                host.volumes
                    .iter()
                    .map(|volume| volume.name.as_str())
                    .collect()
            });
        }
        let registries: SortedSet<&str> = before
            .registries
            .iter()
            .chain(&after.registries)
            .map(|registry| registry.name.as_str())
            .collect();
        for name in registries {
            let earlier = before
                .registries
                .iter()
                .find(|registry| registry.name == name);
            let later = after
                .registries
                .iter()
                .find(|registry| registry.name == name);
            let slots = self.registries.entry(name.to_string()).or_default();
            let ids = |registry: Option<&RegistryView>| -> Vec<String> {
                registry
                    .map(|registry| {
                        registry
                            .repositories
                            .iter()
                            .map(|repository| repository.name.clone())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let (kept, shown) = (ids(earlier), ids(later));
            let kept: Vec<&str> = kept.iter().map(String::as_str).collect();
            let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
            slots.assign(&kept, &shown);
        }
    }

    /// Returns the slots of a host, empty for a host never seen.
    pub fn host(&self, name: &str) -> HostSlots {
        self.hosts.get(name).cloned().unwrap_or_default()
    }
}

fn assign<'a>(
    slots: &mut Slots,
    earlier: Option<&'a HostView>,
    later: Option<&'a HostView>,
    ids: impl Fn(&'a HostView) -> Vec<&'a str>,
) {
    let kept = earlier.map(&ids).unwrap_or_default();
    let shown = later.map(&ids).unwrap_or_default();
    slots.assign(&kept, &shown);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_take_lowest_free_slots() {
        let mut slots = Slots::default();
        slots.assign(&[], &["a", "b"]);
        assert_eq!((slots.get("a"), slots.get("b")), (Some(0), Some(1)));
        slots.assign(&["a", "b"], &["a", "b", "c"]);
        assert_eq!(slots.get("c"), Some(2));
        assert_eq!(slots.capacity(), 3);
    }

    #[test]
    fn adding_keeps_earlier_slots() {
        let mut slots = Slots::default();
        slots.assign(&[], &["a", "b", "c"]);
        let before: Vec<Option<usize>> = ["a", "b", "c"].iter().map(|id| slots.get(id)).collect();
        slots.assign(&["a", "b", "c"], &["a", "b", "c", "d"]);
        let after: Vec<Option<usize>> = ["a", "b", "c"].iter().map(|id| slots.get(id)).collect();
        assert_eq!(before, after);
    }

    #[test]
    fn freed_slot_reused_after_command() {
        let mut slots = Slots::default();
        slots.assign(&[], &["a", "b"]);
        // One command removes `a` and creates `c`: both are drawn during it.
        slots.assign(&["a", "b"], &["b", "c"]);
        assert_eq!(slots.get("c"), Some(2));
        // A later command creates `d` into the slot `a` left.
        slots.assign(&["b", "c"], &["b", "c", "d"]);
        assert_eq!(slots.get("d"), Some(0));
        assert_eq!(slots.capacity(), 3);
    }

    #[test]
    fn returning_id_moves_when_its_slot_is_taken() {
        let mut slots = Slots::default();
        slots.assign(&[], &["a"]);
        slots.assign(&["a"], &[]);
        slots.assign(&[], &["b"]);
        assert_eq!(slots.get("b"), Some(0));
        // `a` comes back (an image pulled again) while `b` has slot 0.
        slots.assign(&["b"], &["b", "a"]);
        assert_eq!(slots.get("b"), Some(0));
        assert_eq!(slots.get("a"), Some(1));
    }

    #[test]
    fn book_assigns_per_host_and_registry() {
        use engine::view::{ImageView, RepositoryView};
        let image = |id: &str| ImageView {
            id: id.into(),
            tags: Vec::new(),
            layers: Vec::new(),
            size: 0,
            created: 0,
        };
        let before = WorldView::default();
        let after = WorldView {
            hosts: vec![HostView {
                name: "laptop".into(),
                images: vec![image("x"), image("y")],
                ..HostView::default()
            }],
            registries: vec![RegistryView {
                name: "docker.io".into(),
                repositories: vec![RepositoryView {
                    name: "alpine".into(),
                    tags: Vec::new(),
                }],
                ..RegistryView::default()
            }],
            ..WorldView::default()
        };
        let mut book = SlotBook::default();
        book.update(&before, &after);
        assert_eq!(book.host("laptop").images.get("y"), Some(1));
        assert_eq!(book.registries["docker.io"].get("alpine"), Some(0));
        assert_eq!(book.host("server"), HostSlots::default());
    }
}
