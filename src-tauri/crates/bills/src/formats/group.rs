//! Columns in named groups: a group is declared once, generic over what
//! each field holds, so one definition serves as the table of alias lists
//! (`Group<Aliases>`) and as the columns bound from a header
//! (`Group<Option<Col>>`).

pub(crate) type Aliases = &'static [&'static str];

/// Declares a group of columns and its binding to a header (each field the
/// first column named by one of its aliases).
macro_rules! group {
    ($(#[$meta:meta])* $name:ident { $($field:ident),+ $(,)? }) => {
        $(#[$meta])*
        pub(super) struct $name<T> {
            $(pub $field: T),+
        }

        impl $name<$crate::formats::group::Aliases> {
            pub(super) fn bind(&self, h: &$crate::fields::Header) -> $name<Option<$crate::fields::Col>> {
                $name {
                    $($field: h.find(self.$field)),+
                }
            }
        }
    };
}
pub(crate) use group;
