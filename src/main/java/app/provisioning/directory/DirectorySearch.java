package app.provisioning.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.unboundid.scim2.common.exceptions.ScimException;

import app.provisioning.scim.SearchResult;
import app.provisioning.scim.StoredResource;
import app.provisioning.scim.query.ScimSearch;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A search of one account's users or groups: the filter as SQL
 * ({@link SqlFilterTranslator}), Entra's probe in one statement, index or cursor paging,
 * and the members of the groups on the page.
 */
final class DirectorySearch {

	/**
	 * Up to this many matches, a page is fetched by the filter's index and sorted, not
	 * read in seq order.
	 */
	static final long SELECTIVE = 1000;

	private final DirectoryTable table;

	private final NamedParameterJdbcTemplate jdbc;

	private final GroupMemberships memberships;

	private final CursorCodec cursors;

	DirectorySearch(DirectoryTable table, NamedParameterJdbcTemplate jdbc, GroupMemberships memberships,
			CursorCodec cursors) {
		this.table = table;
		this.jdbc = jdbc;
		this.memberships = memberships;
		this.cursors = cursors;
	}

	/**
	 * Not in a transaction: the count and the page are separate snapshots under read
	 * committed either way, and a probe is then a single statement with no BEGIN and
	 * COMMIT round trips.
	 */
	SearchResult search(UUID accountId, ScimSearch search) throws ScimException {
		// Checked first: an unusable cursor is 400 invalidCursor even when nothing
		// matches (RFC 9865).
		long after = search.cursorPaging() ? this.cursors.decode(accountId, search.cursor()) : 0;
		MapSqlParameterSource parameters = new MapSqlParameterSource("account", accountId);
		SqlFilterTranslator translator = new SqlFilterTranslator(this.table, parameters);
		WhereClause where = translator.where(search.filter());
		String select = searchStatement(this.table, where.sql());
		SearchResult probed = probe(accountId, search, where, select, parameters);
		if (probed != null) {
			return probed;
		}
		Long total = this.jdbc.queryForObject("SELECT count(*) FROM " + this.table.table() + " r WHERE " + where.sql(),
				parameters, Long.class);
		long totalResults = (total != null) ? total : 0;
		if (search.count() == 0 || totalResults == 0) {
			return new SearchResult(List.of(), totalResults, null);
		}
		List<StoredResource> page;
		String nextCursor = null;
		// The count says how selective the filter is. When few rows match (Entra's
		// equality probes), ordering by an expression keeps PostgreSQL from walking the
		// seq index of a large account in the hope of meeting the matches early: it
		// fetches them by the filter's index and sorts.
		String seq = (totalResults <= SELECTIVE) ? "(r.seq + 0)" : "r.seq";
		if (search.cursorPaging()) {
			parameters.addValue("after", after).addValue("limit", search.count() + 1);
			List<long[]> sequences = new ArrayList<>();
			page = new ArrayList<>(this.jdbc.query(select + " AND r.seq > :after ORDER BY " + seq + " LIMIT :limit",
					parameters, (rs, n) -> {
						sequences.add(new long[] { rs.getLong("seq") });
						return StoredRows.row(rs, n);
					}));
			if (page.size() > search.count()) {
				page.remove(page.size() - 1);
				nextCursor = this.cursors.encode(accountId, sequences.get(search.count() - 1)[0]);
			}
		}
		else {
			String order = seq;
			if (search.sortBy() != null) {
				order = translator.sortExpression(search.sortBy()) + (search.descending() ? " DESC" : " ASC")
						+ " NULLS LAST, r.seq";
			}
			parameters.addValue("limit", search.count()).addValue("offset", search.startIndex() - 1L);
			page = this.jdbc.query(select + " ORDER BY " + order + " LIMIT :limit OFFSET :offset", parameters,
					StoredRows::row);
		}
		if (this.table.hasMembers() && search.withMembers()) {
			page = this.memberships.withMembers(accountId, page);
		}
		return new SearchResult(page, totalResults, nextCursor);
	}

	/**
	 * Entra's probe (userName eq "…" before each create) as one statement: a first page
	 * with room to spare holds every match, so it is also the count. Null when the page
	 * is full or the request is not a plain first page of a probe; the caller then
	 * counts.
	 */
	private SearchResult probe(UUID accountId, ScimSearch search, WhereClause where, String select,
			MapSqlParameterSource parameters) {
		if (!where.probe() || search.cursorPaging() || search.sortBy() != null || search.startIndex() != 1
				|| search.count() == 0) {
			return null;
		}
		List<StoredResource> page = this.jdbc.query(select + PROBE_ORDER,
				new MapSqlParameterSource(parameters.getValues()).addValue("limit", search.count()), StoredRows::row);
		if (page.size() >= search.count()) {
			return null;
		}
		if (this.table.hasMembers() && search.withMembers()) {
			page = this.memberships.withMembers(accountId, page);
		}
		return new SearchResult(page, page.size(), null);
	}

	/** The rows a search selects, before ordering and paging. */
	static String searchStatement(DirectoryTable table, String where) {
		return "SELECT r.id, r.attributes, r.version, r.created_at, r.last_modified, r.seq FROM " + table.table()
				+ " r WHERE " + where;
	}

	/**
	 * A probe's first page. Ordering by an expression keeps PostgreSQL from walking the
	 * seq index in the hope of meeting the few matches early.
	 */
	static final String PROBE_ORDER = " ORDER BY (r.seq + 0) LIMIT :limit";

}
