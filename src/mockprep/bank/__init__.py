"""Questions, rubrics and banks: schema, loading, validation, importers, bundled banks."""
