package app.provisioning.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.utils.JsonUtils;

import app.provisioning.scim.ETags;
import app.provisioning.scim.ResourceStore;
import app.provisioning.scim.SearchResult;
import app.provisioning.scim.StoredResource;
import app.provisioning.scim.patch.MembershipChange;
import app.provisioning.scim.query.ScimSearch;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SCIM users or groups of every account, in PostgreSQL: the document as JSONB plus
 * the columns filters and uniqueness need. All SQL is scoped by {@code account_id}.
 */
class JdbcResourceStore implements ResourceStore {

	/**
	 * Up to this many matches, a page is fetched by the filter's index and sorted, not
	 * read in seq order.
	 */
	static final long SELECTIVE = 1000;

	private final DirectoryTable table;

	private final NamedParameterJdbcTemplate jdbc;

	private final GroupMemberships memberships;

	private final Clock clock;

	private final CursorCodec cursors;

	private final ApplicationEventPublisher events;

	private final ObjectMapper mapper = JsonUtils.createObjectMapper();

	private final GroupWriteQueue groupWrites = new GroupWriteQueue();

	private final GroupMemberAdds memberAdds = new GroupMemberAdds();

	private final TransactionTemplate transactions;

	JdbcResourceStore(DirectoryTable table, NamedParameterJdbcTemplate jdbc, GroupMemberships memberships,
			CursorCodec cursors, ApplicationEventPublisher events, Clock clock, TransactionTemplate transactions) {
		this.transactions = transactions;
		this.events = events;
		this.table = table;
		this.jdbc = jdbc;
		this.memberships = memberships;
		this.cursors = cursors;
		this.clock = clock;
	}

	@Override
	@Transactional(rollbackFor = Exception.class)
	public StoredResource create(UUID accountId, ObjectNode attributes, MembershipChange members) throws ScimException {
		this.table.checkIndexable(attributes);
		UUID id = UUID.randomUUID();
		Instant now = now();
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("id", id);
		columns.put("account_id", accountId);
		columns.putAll(this.table.derivedColumns(attributes));
		MapSqlParameterSource parameters = new MapSqlParameterSource(columns).addValue("attributes", json(attributes))
			.addValue("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
		String names = String.join(", ", columns.keySet());
		String values = ":" + String.join(", :", columns.keySet());
		try {
			this.jdbc.update("INSERT INTO " + this.table.table() + " (" + names
					+ ", attributes, version, created_at, last_modified) VALUES (" + values
					+ ", cast(:attributes AS jsonb), 1, :now, :now)", parameters);
		}
		catch (DuplicateKeyException ex) {
			throw conflict(attributes);
		}
		publishUserChange(accountId, id, attributes, ScimUserChanged.Change.CREATED);
		List<StoredResource.Member> loaded = null;
		if (this.table.hasMembers()) {
			if (members != null) {
				this.memberships.apply(accountId, id, members);
			}
			loaded = this.memberships.members(accountId, id);
		}
		return new StoredResource(id.toString(), attributes, 1, now, now, loaded);
	}

	/**
	 * Not in a transaction: one statement, or two whose snapshots read-committed would
	 * not join anyway.
	 */
	@Override
	public Optional<StoredResource> find(UUID accountId, String id, boolean withMembers) {
		UUID uuid = parseId(id);
		if (uuid == null) {
			return Optional.empty();
		}
		List<StoredResource> found = this.jdbc.query(byIdStatement(this.table, ""),
				new MapSqlParameterSource("account", accountId).addValue("id", uuid), this::row);
		return found.stream().findFirst().map((stored) -> withMembers(accountId, stored, withMembers));
	}

	@Override
	@Transactional(rollbackFor = Exception.class)
	public StoredResource update(UUID accountId, String id, String ifMatch, ResourceChange change, boolean withMembers)
			throws ScimException {
		StoredResource current = lockForUpdate(accountId, id, ifMatch);
		UUID uuid = UUID.fromString(current.id());
		ResourceChange.Outcome outcome = change.apply(current.attributes().deepCopy());
		boolean membersChanged = false;
		if (this.table.hasMembers() && outcome.members() != null && !outcome.members().isEmpty()) {
			membersChanged = this.memberships.apply(accountId, uuid, outcome.members());
		}
		boolean attributesChanged = !outcome.attributes().equals(current.attributes());
		StoredResource updated = current;
		if (attributesChanged || membersChanged) {
			this.table.checkIndexable(outcome.attributes());
			Instant now = now();
			Map<String, Object> columns = this.table.derivedColumns(outcome.attributes());
			StringBuilder assignments = new StringBuilder();
			for (String column : columns.keySet()) {
				assignments.append(column).append(" = :").append(column).append(", ");
			}
			MapSqlParameterSource parameters = new MapSqlParameterSource(columns).addValue("id", uuid)
				.addValue("account", accountId)
				.addValue("attributes", json(outcome.attributes()))
				.addValue("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
			try {
				this.jdbc.update("UPDATE " + this.table.table() + " SET " + assignments
						+ "attributes = cast(:attributes AS jsonb), version = version + 1, last_modified = :now"
						+ " WHERE id = :id AND account_id = :account", parameters);
			}
			catch (DuplicateKeyException ex) {
				throw conflict(outcome.attributes());
			}
			updated = new StoredResource(current.id(), outcome.attributes(), current.version() + 1, current.created(),
					now, null);
			if (attributesChanged) {
				publishUserChange(accountId, uuid, outcome.attributes(), ScimUserChanged.Change.UPDATED);
			}
		}
		return withMembers(accountId, updated, withMembers);
	}

	/**
	 * Adds alone (Entra's shape) are combined with the Adds other requests are making to
	 * the same group at that moment; any other change is written on its own.
	 */
	@Override
	public StoredResource changeMembers(UUID accountId, String id, MembershipChange change) throws ScimException {
		UUID groupId = parseId(id);
		if (groupId == null || !this.table.hasMembers()) {
			throw notFound(id);
		}
		Optional<MembershipChange.Named> adds = change.onlyAdds();
		if (adds.isPresent()) {
			return this.memberAdds.add(accountId, groupId, adds.get(),
					(batch) -> addTogether(accountId, groupId, batch));
		}
		return inTransaction(() -> changeMembersAlone(accountId, groupId, change));
	}

	private List<GroupMemberAdds.Result> addTogether(UUID accountId, UUID groupId,
			List<GroupMemberAdds.Pending> batch) {
		return this.transactions.execute((status) -> {
			// Rows are added only to a group of this account (the insert checks), so the
			// group is
			// read only when nothing was added; a group that is not there is 404 for
			// every request.
			GroupMemberships.Added added = this.memberships.addTogether(accountId, groupId, batch);
			Optional<StoredResource> group = added.changed() ? bumpVersion(accountId, groupId)
					: find(accountId, groupId.toString(), false);
			if (group.isEmpty()) {
				status.setRollbackOnly();
				return batch.stream()
					.map((pending) -> GroupMemberAdds.Result.refused(notFound(groupId.toString())))
					.toList();
			}
			StoredResource stored = group.get();
			List<GroupMemberAdds.Result> results = new ArrayList<>();
			for (BadRequestException refusal : added.refusals()) {
				results.add((refusal == null) ? GroupMemberAdds.Result.applied(stored)
						: GroupMemberAdds.Result.refused(refusal));
			}
			return results;
		});
	}

	private StoredResource changeMembersAlone(UUID accountId, UUID groupId, MembershipChange change)
			throws ScimException {
		String id = groupId.toString();
		boolean changed;
		try {
			// Member rows are written only for a group of this account (the statements
			// check).
			changed = this.memberships.apply(accountId, groupId, change);
		}
		catch (GroupMemberships.UnknownMembersException ex) {
			if (find(accountId, id, false).isEmpty()) {
				throw notFound(id);
			}
			throw ex;
		}
		if (!changed) {
			return find(accountId, id, false).orElseThrow(() -> notFound(id));
		}
		this.groupWrites.awaitTurn(groupId);
		return bumpVersion(accountId, groupId).orElseThrow(() -> notFound(id));
	}

	/**
	 * The group's new version, written last so its row lock is held only until the
	 * commit. A group deleted meanwhile matches nothing (empty), and the caller's member
	 * rows roll back.
	 */
	private Optional<StoredResource> bumpVersion(UUID accountId, UUID groupId) {
		return this.jdbc
			.query("UPDATE " + this.table.table() + " r SET version = r.version + 1,"
					+ " last_modified = :now WHERE r.account_id = :account AND r.id = :id AND " + LiveRows.byKey("r.")
					+ " RETURNING r.id, r.attributes, r.version, r.created_at, r.last_modified",
					new MapSqlParameterSource("account", accountId).addValue("id", groupId)
						.addValue("now", OffsetDateTime.ofInstant(now(), ZoneOffset.UTC)),
					this::row)
			.stream()
			.findFirst();
	}

	/**
	 * Runs {@code work} in a transaction that a ScimException, like any other, rolls
	 * back.
	 */
	private <T> T inTransaction(ScimWork<T> work) throws ScimException {
		try {
			return this.transactions.execute((status) -> {
				try {
					return work.run();
				}
				catch (ScimException ex) {
					throw new RolledBack(ex);
				}
			});
		}
		catch (RolledBack ex) {
			throw ex.scim;
		}
	}

	@FunctionalInterface
	private interface ScimWork<T> {

		T run() throws ScimException;

	}

	private static final class RolledBack extends RuntimeException {

		private final ScimException scim;

		RolledBack(ScimException scim) {
			super(scim.getMessage(), scim, false, false);
			this.scim = scim;
		}

	}

	private ResourceNotFoundException notFound(String id) {
		return new ResourceNotFoundException(this.table.type().name() + " " + id + " not found");
	}

	@Override
	@Transactional(rollbackFor = Exception.class)
	public void delete(UUID accountId, String id, String ifMatch) throws ScimException {
		StoredResource current = lockForUpdate(accountId, id, ifMatch);
		UUID uuid = UUID.fromString(current.id());
		OffsetDateTime now = OffsetDateTime.ofInstant(now(), ZoneOffset.UTC);
		this.jdbc.update("UPDATE " + this.table.table()
				+ " SET deleted_at = :now, version = version + 1, last_modified = :now WHERE id = :id AND account_id = :account",
				new MapSqlParameterSource("id", uuid).addValue("account", accountId).addValue("now", now));
		this.memberships.forgetMember(accountId, uuid, now);
		publishUserChange(accountId, uuid, current.attributes(), ScimUserChanged.Change.DELETED);
		if (this.table.hasMembers()) {
			this.memberships.apply(accountId, uuid,
					MembershipChange.replaceWith(MembershipChange.Named.ids(List.of())));
		}
	}

	/**
	 * Not in a transaction: the count and the page are separate snapshots under read
	 * committed either way, and a probe is then a single statement with no BEGIN and
	 * COMMIT round trips.
	 */
	@Override
	public SearchResult search(UUID accountId, ScimSearch search) throws ScimException {
		// Checked first: an unusable cursor is 400 invalidCursor even when nothing
		// matches (RFC 9865).
		long after = search.cursorPaging() ? this.cursors.decode(accountId, search.cursor()) : 0;
		MapSqlParameterSource parameters = new MapSqlParameterSource("account", accountId);
		SqlFilterTranslator translator = new SqlFilterTranslator(this.table, parameters);
		String where = translator.where(search.filter());
		String select = searchStatement(this.table, where);
		SearchResult probed = probe(accountId, search, select, parameters);
		if (probed != null) {
			return probed;
		}
		Long total = this.jdbc.queryForObject("SELECT count(*) FROM " + this.table.table() + " r WHERE " + where,
				parameters, Long.class);
		long totalResults = (total != null) ? total : 0;
		if (search.count() == 0 || totalResults == 0) {
			return new SearchResult(List.of(), totalResults, null);
		}
		List<StoredResource> page;
		String nextCursor = null;
		// The count says how selective the filter is. When few rows match (Entra's
		// equality probes),
		// ordering by an expression keeps PostgreSQL from walking the seq index of a
		// large account
		// in the hope of meeting the matches early: it fetches them by the filter's index
		// and sorts.
		String seq = (totalResults <= SELECTIVE) ? "(r.seq + 0)" : "r.seq";
		if (search.cursorPaging()) {
			parameters.addValue("after", after).addValue("limit", search.count() + 1);
			List<long[]> sequences = new ArrayList<>();
			page = new ArrayList<>(this.jdbc.query(select + " AND r.seq > :after ORDER BY " + seq + " LIMIT :limit",
					parameters, (rs, n) -> {
						sequences.add(new long[] { rs.getLong("seq") });
						return row(rs, n);
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
					this::row);
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
	private SearchResult probe(UUID accountId, ScimSearch search, String select, MapSqlParameterSource parameters) {
		if (search.filter() == null || !this.table.isProbe(search.filter()) || search.cursorPaging()
				|| search.sortBy() != null || search.startIndex() != 1 || search.count() == 0) {
			return null;
		}
		List<StoredResource> page = this.jdbc.query(select + PROBE_ORDER,
				new MapSqlParameterSource(parameters.getValues()).addValue("limit", search.count()), this::row);
		if (page.size() >= search.count()) {
			return null;
		}
		if (this.table.hasMembers() && search.withMembers()) {
			page = this.memberships.withMembers(accountId, page);
		}
		return new SearchResult(page, page.size(), null);
	}

	/** Reads (or locks) one live resource of the account by id. */
	static String byIdStatement(DirectoryTable table, String suffix) {
		return "SELECT r.id, r.attributes, r.version, r.created_at, r.last_modified FROM " + table.table()
				+ " r WHERE r.account_id = :account AND r.id = :id AND " + LiveRows.byKey("r.") + suffix;
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

	private void publishUserChange(UUID accountId, UUID id, ObjectNode attributes, ScimUserChanged.Change change) {
		if (this.table == DirectoryTable.USERS) {
			this.events.publishEvent(new ScimUserChanged(accountId, id, attributes.deepCopy(), change));
		}
	}

	private StoredResource lockForUpdate(UUID accountId, String id, String ifMatch) throws ScimException {
		UUID uuid = parseId(id);
		List<StoredResource> found = (uuid == null) ? List.of()
				: this.jdbc.query(byIdStatement(this.table, " FOR UPDATE"),
						new MapSqlParameterSource("account", accountId).addValue("id", uuid), this::row);
		if (found.isEmpty()) {
			throw notFound(id);
		}
		StoredResource current = found.get(0);
		if (ifMatch != null && !ifMatch.isBlank() && !ETags.matches(ifMatch, current.version())) {
			throw new PreconditionFailedException("If-Match " + ifMatch + " does not match the current version "
					+ current.etag() + "; read the resource again and retry");
		}
		return current;
	}

	private StoredResource withMembers(UUID accountId, StoredResource stored, boolean withMembers) {
		if (!this.table.hasMembers() || !withMembers) {
			return stored;
		}
		return new StoredResource(stored.id(), stored.attributes(), stored.version(), stored.created(),
				stored.lastModified(), this.memberships.members(accountId, UUID.fromString(stored.id())));
	}

	private StoredResource row(ResultSet rs, int rowNum) throws SQLException {
		try {
			ObjectNode attributes = (ObjectNode) this.mapper.readTree(rs.getString("attributes"));
			return new StoredResource(rs.getObject("id", UUID.class).toString(), attributes, rs.getLong("version"),
					rs.getObject("created_at", OffsetDateTime.class).toInstant(),
					rs.getObject("last_modified", OffsetDateTime.class).toInstant(), null);
		}
		catch (JsonProcessingException ex) {
			throw new SQLException("Stored attributes are not JSON", ex);
		}
	}

	private ResourceConflictException conflict(ObjectNode attributes) {
		String attribute = this.table.uniqueAttribute();
		ResourceConflictException conflict = new ResourceConflictException(
				this.table.type().name() + " with " + attribute + " '" + attributes.path(attribute).asText()
						+ "' already exists (" + attribute + " is unique, ignoring case)");
		conflict.getScimError().setScimType(BadRequestException.UNIQUENESS);
		return conflict;
	}

	private String json(ObjectNode attributes) {
		try {
			return this.mapper.writeValueAsString(attributes);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot serialise a JSON tree", ex);
		}
	}

	/** PostgreSQL keeps microseconds; so do we, so what we return is what we stored. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	static UUID parseId(String id) {
		if (id == null || id.length() != 36) {
			return null;
		}
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
