package app.provisioning.bench;

import java.util.List;

/**
 * PostgreSQL's planner statistics of {@code scim_user}, taken for a measurement and then
 * dropped again, so that one account can be probed with and without them at the same
 * size. Dropping them puts back what {@code pg_class} said before the analyze (sizes as a
 * never-analyzed table has them) and deletes the column statistics; both are catalog
 * rows, so the server's cached plans are invalidated as after a real analyze. Needs the
 * superuser of the benchmark's own embedded PostgreSQL.
 */
final class Statistics {

	private static final String TABLE_AND_INDEXES = "(SELECT 'scim_user'::regclass::oid UNION ALL"
			+ " SELECT indexrelid FROM pg_index WHERE indrelid = 'scim_user'::regclass)";

	private final Bench bench;

	private final List<String> restore;

	private Statistics(Bench bench, List<String> restore) {
		this.bench = bench;
		this.restore = restore;
	}

	static Statistics take(Bench bench) throws Exception {
		List<String> restore = bench.strings("SELECT format('UPDATE pg_class SET relpages = %s, reltuples = %s,"
				+ " relallvisible = %s WHERE oid = %s', relpages, reltuples, relallvisible, oid) FROM pg_class"
				+ " WHERE oid IN " + TABLE_AND_INDEXES);
		bench.execute("ANALYZE scim_user");
		return new Statistics(bench, restore);
	}

	void drop() throws Exception {
		this.bench.execute("DELETE FROM pg_statistic WHERE starelid IN " + TABLE_AND_INDEXES);
		for (String update : this.restore) {
			this.bench.execute(update);
		}
	}

}
