package app.provisioning.directory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.unboundid.scim2.common.exceptions.BadRequestException;

import app.provisioning.platform.IdsStatement;
import app.provisioning.platform.RequestIds;
import app.provisioning.scim.StoredResource;
import app.provisioning.scim.patch.MembershipChange;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Group membership as rows. A PATCH touches only the members it names, so adding one
 * member to a 100,000-member group costs the same as adding one to an empty group.
 */
class GroupMemberships {

	/** How many unknown ids an error lists before it says "and N more". */
	private static final int IDS_IN_ERROR = 5;

	private final NamedParameterJdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	GroupMemberships(NamedParameterJdbcTemplate jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	/**
	 * Applies the steps in order; true when any row changed. Unknown member ids are 400
	 * and change nothing.
	 */
	boolean apply(UUID accountId, UUID groupId, MembershipChange change) throws BadRequestException {
		Set<UUID> affected = new LinkedHashSet<>();
		for (MembershipChange.Step step : change.steps()) {
			affected.addAll(switch (step.kind()) {
				case ADD -> add(accountId, groupId, step.members());
				case REMOVE -> remove(accountId, groupId, step.memberIds());
				case REMOVE_ALL -> this.jdbc.queryForList(
						"DELETE FROM scim_group_member WHERE group_id = :group AND account_id = :account RETURNING member_id",
						new MapSqlParameterSource("group", groupId).addValue("account", accountId), UUID.class);
			});
		}
		if (!affected.isEmpty()) {
			this.events.publishEvent(new GroupMembershipChanged(accountId, groupId, Set.copyOf(affected)));
		}
		return !affected.isEmpty();
	}

	private List<UUID> add(UUID accountId, UUID groupId, MembershipChange.Named members) throws BadRequestException {
		if (members.ids().isEmpty()) {
			return List.of();
		}
		Wanted wanted = wanted(groupId, members);
		Map<UUID, String> found = lockExisting(accountId, wanted.ids());
		BadRequestException refusal = refusal(wanted, found);
		if (refusal != null) {
			throw refusal;
		}
		return insert(accountId, groupId, found, wanted.displays());
	}

	/**
	 * The outcome of {@link #addTogether}: per request its refusal or null, and whether
	 * any row was added.
	 */
	record Added(List<BadRequestException> refusals, boolean changed) {
	}

	/**
	 * Adds what several requests asked for to one group, with one lookup and one insert.
	 * Each request is judged on its own: one naming a member that does not exist is
	 * refused and adds nothing; the others are applied. The caller has checked that the
	 * group is the account's. Each request's membership change is announced under its own
	 * request id.
	 */
	Added addTogether(UUID accountId, UUID groupId, List<GroupMemberAdds.Pending> requests) {
		List<Wanted> wanted = new ArrayList<>();
		Set<UUID> all = new LinkedHashSet<>();
		Map<UUID, String> displays = new LinkedHashMap<>();
		for (GroupMemberAdds.Pending request : requests) {
			Wanted one = wanted(groupId, request.members());
			wanted.add(one);
			all.addAll(one.ids());
		}
		Map<UUID, String> found = lockExisting(accountId, all);
		List<BadRequestException> refusals = new ArrayList<>();
		Map<UUID, String> accepted = new LinkedHashMap<>();
		for (Wanted one : wanted) {
			BadRequestException refusal = refusal(one, found);
			refusals.add(refusal);
			if (refusal == null) {
				one.ids().forEach((id) -> accepted.put(id, found.get(id)));
				displays.putAll(one.displays());
			}
		}
		Set<UUID> added = new LinkedHashSet<>(insert(accountId, groupId, accepted, displays));
		boolean changed = !added.isEmpty();
		String ownRequestId = RequestIds.current();
		try {
			for (int i = 0; i < requests.size(); i++) {
				Set<UUID> mine = new LinkedHashSet<>(wanted.get(i).ids());
				mine.retainAll(added);
				added.removeAll(mine);
				if (refusals.get(i) == null && !mine.isEmpty()) {
					RequestIds.use(requests.get(i).requestId());
					this.events.publishEvent(new GroupMembershipChanged(accountId, groupId, Set.copyOf(mine)));
				}
			}
		}
		finally {
			RequestIds.use(ownRequestId);
		}
		return new Added(refusals, changed);
	}

	/**
	 * A request's member ids: those that are ids, those that cannot be, and whether it
	 * names the group itself; with the displays it sent.
	 */
	private record Wanted(Set<UUID> ids, List<String> malformed, UUID group, Map<UUID, String> displays) {

		boolean itself() {
			return this.ids.contains(this.group);
		}

	}

	private static Wanted wanted(UUID groupId, MembershipChange.Named members) {
		Set<UUID> ids = new LinkedHashSet<>();
		List<String> malformed = new ArrayList<>();
		Map<UUID, String> displays = new LinkedHashMap<>();
		for (String memberId : members.ids()) {
			UUID id = JdbcResourceStore.parseId(memberId);
			if (id == null) {
				malformed.add(memberId);
			}
			else {
				ids.add(id);
				String display = members.displays().get(memberId);
				if (display != null) {
					displays.put(id, display);
				}
			}
		}
		return new Wanted(ids, malformed, groupId, displays);
	}

	private static BadRequestException refusal(Wanted wanted, Map<UUID, String> found) {
		if (wanted.itself()) {
			return BadRequestException.invalidValue("A group cannot be a member of itself (" + wanted.group() + ")");
		}
		List<String> unknown = new ArrayList<>(wanted.malformed());
		wanted.ids().stream().filter((id) -> !found.containsKey(id)).forEach((id) -> unknown.add(id.toString()));
		if (unknown.isEmpty()) {
			return null;
		}
		return new UnknownMembersException("Cannot add members that do not exist: " + describe(unknown)
				+ ". Provision the users first; the group was not changed");
	}

	/**
	 * The users and groups of the account among {@code ids}, with their type. FOR SHARE:
	 * a member deleted at the same moment cannot slip into the group after its delete
	 * removed it from every group.
	 */
	private Map<UUID, String> lockExisting(UUID accountId, Set<UUID> ids) {
		Map<UUID, String> found = new LinkedHashMap<>();
		if (ids.isEmpty()) {
			return found;
		}
		this.jdbc.query(LOCK_EXISTING.sql(ids),
				new MapSqlParameterSource("account", accountId).addValue("ids", IdsStatement.parameter(ids)), (rs) -> {
					found.put(rs.getObject("id", UUID.class), rs.getString("type"));
				});
		return found;
	}

	static final IdsStatement LOCK_EXISTING = IdsStatement.of(":ids",
			(ids) -> "WITH u AS (SELECT id FROM scim_user WHERE account_id = :account AND id " + ids + " AND "
					+ LiveRows.byKey("") + " ORDER BY id FOR SHARE), g AS (SELECT id FROM scim_group"
					+ " WHERE account_id = :account AND id " + ids + " AND " + LiveRows.byKey("")
					+ " ORDER BY id FOR SHARE) SELECT id, 'User' AS type FROM u UNION ALL SELECT id, 'Group' FROM g");

	/**
	 * Adds the members to the group, if the group is the account's; returns those that
	 * were not members yet. A member keeps the display sent when it was added.
	 */
	private List<UUID> insert(UUID accountId, UUID groupId, Map<UUID, String> members, Map<UUID, String> displays) {
		if (members.isEmpty()) {
			return List.of();
		}
		return this.jdbc.queryForList(
				"INSERT INTO scim_group_member (group_id, member_id, member_type, account_id, display)"
						+ " SELECT :group, m.id, m.type, :account, m.display"
						+ " FROM unnest(:members, :types, :displays) AS m(id, type, display)"
						+ " WHERE EXISTS (SELECT 1 FROM scim_group WHERE id = :group AND account_id = :account AND "
						+ LiveRows.byKey("") + ") ON CONFLICT DO NOTHING RETURNING member_id",
				new MapSqlParameterSource("group", groupId).addValue("account", accountId)
					.addValue("members", new SqlArrayValue("uuid", members.keySet().toArray()))
					.addValue("types", new SqlArrayValue("text", members.values().toArray()))
					.addValue("displays",
							new SqlArrayValue("text", members.keySet().stream().map(displays::get).toArray())),
				UUID.class);
	}

	/**
	 * Members that do not exist; the store answers 404 instead when the group itself does
	 * not.
	 */
	static final class UnknownMembersException extends BadRequestException {

		UnknownMembersException(String detail) {
			super(detail, BadRequestException.INVALID_VALUE);
		}

	}

	private List<UUID> remove(UUID accountId, UUID groupId, List<String> memberIds) {
		List<UUID> ids = memberIds.stream().map(JdbcResourceStore::parseId).filter((id) -> id != null).toList();
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.queryForList(
				"DELETE FROM scim_group_member WHERE group_id = :group AND account_id = :account"
						+ " AND member_id = ANY(:ids) RETURNING member_id",
				new MapSqlParameterSource("group", groupId).addValue("account", accountId)
					.addValue("ids", new SqlArrayValue("uuid", ids.toArray())),
				UUID.class);
	}

	/**
	 * A deleted user or group leaves every group it was in; those groups get a new
	 * version.
	 */
	void forgetMember(UUID accountId, UUID memberId, OffsetDateTime now) {
		MapSqlParameterSource parameters = new MapSqlParameterSource("account", accountId).addValue("member", memberId)
			.addValue("now", now);
		this.jdbc.update("UPDATE scim_group SET version = version + 1, last_modified = :now WHERE account_id = :account"
				+ " AND id IN (SELECT group_id FROM scim_group_member WHERE member_id = :member AND account_id = :account)",
				parameters);
		this.jdbc.update("DELETE FROM scim_group_member WHERE member_id = :member AND account_id = :account",
				parameters);
	}

	List<StoredResource.Member> members(UUID accountId, UUID groupId) {
		return this.jdbc.query(
				"SELECT member_id, member_type, display FROM scim_group_member"
						+ " WHERE group_id = :group AND account_id = :account ORDER BY added_at, member_id",
				new MapSqlParameterSource("group", groupId).addValue("account", accountId),
				(rs, n) -> new StoredResource.Member(rs.getObject("member_id", UUID.class).toString(),
						rs.getString("member_type"), rs.getString("display")));
	}

	/** Loads the members of a page of groups in one query. */
	List<StoredResource> withMembers(UUID accountId, List<StoredResource> groups) {
		if (groups.isEmpty()) {
			return groups;
		}
		Map<String, List<StoredResource.Member>> byGroup = new LinkedHashMap<>();
		groups.forEach((group) -> byGroup.put(group.id(), new ArrayList<>()));
		Object[] ids = groups.stream().map((group) -> UUID.fromString(group.id())).toArray();
		this.jdbc.query(
				"SELECT group_id, member_id, member_type, display FROM scim_group_member WHERE group_id = ANY(:ids)"
						+ " AND account_id = :account ORDER BY added_at, member_id",
				new MapSqlParameterSource("ids", new SqlArrayValue("uuid", ids)).addValue("account", accountId),
				(rs) -> {
					byGroup.get(rs.getObject("group_id", UUID.class).toString())
						.add(new StoredResource.Member(rs.getObject("member_id", UUID.class).toString(),
								rs.getString("member_type"), rs.getString("display")));
				});
		return groups.stream()
			.map((group) -> new StoredResource(group.id(), group.attributes(), group.version(), group.created(),
					group.lastModified(), byGroup.get(group.id())))
			.toList();
	}

	private static String describe(List<String> ids) {
		if (ids.size() <= IDS_IN_ERROR) {
			return String.join(", ", ids);
		}
		return String.join(", ", ids.subList(0, IDS_IN_ERROR)) + " and " + (ids.size() - IDS_IN_ERROR) + " more";
	}

}
