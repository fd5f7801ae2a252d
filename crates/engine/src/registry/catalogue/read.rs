//! Reads `repositories.json` into recipes, rejecting unknown fields so a
//! typo in the data fails the tests instead of being ignored.

use super::{CatalogueError, ImageRecipe, LayerRecipe, RepositoryRecipe, StepRecipe};
use crate::json::{self, Fields, FromJson, Json};
use crate::registry::oci::ContainerConfig;

/// Reads the whole catalogue file.
pub(super) fn repositories(text: &str) -> Result<Vec<RepositoryRecipe>, CatalogueError> {
    let error = |message: String| CatalogueError::new(format!("repositories.json: {message}"));
    let value = Json::parse(text).map_err(|parse_error| error(parse_error.to_string()))?;
    let fields = Fields::strict(&value, &["repositories"]).map_err(error)?;
    let items = fields.array("repositories").map_err(error)?;
    items
        .iter()
        .map(|item| repository(item).map_err(error))
        .collect()
}

fn repository(value: &Json) -> Result<RepositoryRecipe, String> {
    let known = ["name", "description", "stars", "official", "images"];
    let fields = Fields::strict(value, &known)?;
    let name = fields.string("name")?;
    let images = fields
        .array("images")?
        .iter()
        .map(image)
        .collect::<Result<_, _>>()
        .map_err(|message| format!("{name}: {message}"))?;
    Ok(RepositoryRecipe {
        description: fields.string("description")?,
        stars: u32::try_from(fields.unsigned("stars")?).map_err(|_| "`stars` is too large")?,
        official: fields.flag("official")?,
        name,
        images,
    })
}

/// Reads one image recipe.
pub(super) fn image(value: &Json) -> Result<ImageRecipe, String> {
    let known = [
        "tags", "from", "created", "vars", "config", "comment", "arches", "steps",
    ];
    let fields = Fields::strict(value, &known)?;
    Ok(ImageRecipe {
        tags: fields
            .optional("tags", json::strings)?
            .ok_or("missing field `tags`")?,
        from: fields.opt_string("from")?,
        created: fields.string("created")?,
        vars: fields
            .optional("vars", json::string_map)?
            .unwrap_or_default(),
        config: fields
            .get("config")
            .map(ContainerConfig::from_json)
            .transpose()?,
        comment: fields.opt_string("comment")?,
        arches: fields.optional("arches", json::strings)?,
        steps: fields
            .array("steps")?
            .iter()
            .map(step)
            .collect::<Result<_, _>>()?,
    })
}

fn step(value: &Json) -> Result<StepRecipe, String> {
    if let Json::String(instruction) = value {
        return Ok(StepRecipe::Instruction(instruction.clone()));
    }
    let fields = Fields::strict(value, &["by", "frags", "size", "ratio", "comment"])?;
    let sizes = fields.optional("size", |value| {
        value.as_array()?.iter().map(json::unsigned).collect()
    })?;
    Ok(StepRecipe::Layer(LayerRecipe {
        by: fields.string("by")?,
        frags: fields
            .optional("frags", json::strings)?
            .ok_or("missing field `frags`")?,
        size: sizes.unwrap_or_default(),
        ratio: fields.optional("ratio", Json::as_f64)?,
        comment: fields.opt_string("comment")?,
    }))
}
