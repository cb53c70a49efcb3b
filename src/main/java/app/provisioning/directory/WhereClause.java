package app.provisioning.directory;

/**
 * The WHERE clause of a search over one account's live rows, written by
 * {@link SqlFilterTranslator}; its values are bound in the parameters the translator was
 * given.
 *
 * @param sql the condition, over the table aliased {@code r}
 * @param probe whether the filter pins its matches by an equality on a key with its own
 * index ({@link DirectoryTable#isKeyEquality}), alone or inside an {@code and}: Entra's
 * probe before every create. Such a filter matches a handful of rows at most, so it is
 * written as a key lookup (see {@link LiveRows}) and answered in one statement.
 */
record WhereClause(String sql, boolean probe) {

}
