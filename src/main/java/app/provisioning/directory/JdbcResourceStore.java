package app.provisioning.directory;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ScimException;

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

	private final DirectoryTable table;

	private final NamedParameterJdbcTemplate jdbc;

	private final GroupMemberships memberships;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final DirectorySearch searches;

	private final GroupMemberWrites memberWrites;

	JdbcResourceStore(DirectoryTable table, NamedParameterJdbcTemplate jdbc, GroupMemberships memberships,
			CursorCodec cursors, ApplicationEventPublisher events, Clock clock, TransactionTemplate transactions) {
		this.events = events;
		this.table = table;
		this.jdbc = jdbc;
		this.memberships = memberships;
		this.clock = clock;
		this.searches = new DirectorySearch(table, jdbc, memberships, cursors);
		this.memberWrites = new GroupMemberWrites(table, jdbc, memberships, transactions, clock);
	}

	/**
	 * Not in a transaction: the count and the page are separate snapshots under read
	 * committed either way, and a probe is then a single statement with no BEGIN and
	 * COMMIT round trips.
	 */
	@Override
	public SearchResult search(UUID accountId, ScimSearch search) throws ScimException {
		return this.searches.search(accountId, search);
	}

	/**
	 * Adds alone (Entra's shape) are combined with the Adds other requests are making to
	 * the same group at that moment; any other change is written on its own.
	 */
	@Override
	public StoredResource changeMembers(UUID accountId, String id, MembershipChange change) throws ScimException {
		UUID groupId = parseId(id);
		if (groupId == null || !this.table.hasMembers()) {
			throw this.table.notFound(id);
		}
		return this.memberWrites.change(accountId, groupId, change);
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
		MapSqlParameterSource parameters = new MapSqlParameterSource(columns)
			.addValue("attributes", StoredRows.json(attributes))
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
		return StoredRows.byId(this.jdbc, this.table, accountId, uuid, "")
			.map((stored) -> withMembers(accountId, stored, withMembers));
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
				.addValue("attributes", StoredRows.json(outcome.attributes()))
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

	private void publishUserChange(UUID accountId, UUID id, ObjectNode attributes, ScimUserChanged.Change change) {
		if (this.table == DirectoryTable.USERS) {
			this.events.publishEvent(new ScimUserChanged(accountId, id, attributes.deepCopy(), change));
		}
	}

	private StoredResource lockForUpdate(UUID accountId, String id, String ifMatch) throws ScimException {
		UUID uuid = parseId(id);
		StoredResource current = ((uuid == null) ? Optional.<StoredResource>empty()
				: StoredRows.byId(this.jdbc, this.table, accountId, uuid, " FOR UPDATE"))
			.orElseThrow(() -> this.table.notFound(id));
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

	private ResourceConflictException conflict(ObjectNode attributes) {
		String attribute = this.table.uniqueAttribute();
		ResourceConflictException conflict = new ResourceConflictException(
				this.table.type().name() + " with " + attribute + " '" + attributes.path(attribute).asText()
						+ "' already exists (" + attribute + " is unique, ignoring case)");
		conflict.getScimError().setScimType(BadRequestException.UNIQUENESS);
		return conflict;
	}

	private Instant now() {
		return StoredRows.now(this.clock);
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
