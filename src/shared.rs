//! A shared value that props compare by identity.

use std::ops::Deref;
use std::rc::Rc;

/// An `Rc` whose equality is pointer equality, for props that hold large
/// values (a world snapshot, the list of entries) which change only by
/// being replaced.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: Rc<T>) -> Self {
        Self(value)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_is_identity() {
        let one = Rc::new(vec![1]);
        let same = Shared::new(one.clone());
        assert_eq!(Shared::new(one), same);
        assert_ne!(Shared::new(Rc::new(vec![1])), same);
    }
}
