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

import app.provisioning.scim.StoredResource;
import app.provisioning.scim.patch.MembershipChange;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Group membership as rows. A PATCH touches only the members it names, so adding one member
 * to a 100,000-member group costs the same as adding one to an empty group.
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

	/** Applies the steps in order; true when any row changed. Unknown member ids are 400 and change nothing. */
	boolean apply(UUID accountId, UUID groupId, MembershipChange change) throws BadRequestException {
		Set<UUID> affected = new LinkedHashSet<>();
		for (MembershipChange.Step step : change.steps()) {
			affected.addAll(switch (step.kind()) {
				case ADD -> add(accountId, groupId, step.memberIds());
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

	private List<UUID> add(UUID accountId, UUID groupId, List<String> memberIds) throws BadRequestException {
		if (memberIds.isEmpty()) {
			return List.of();
		}
		Set<UUID> ids = new LinkedHashSet<>();
		List<String> unknown = new ArrayList<>();
		for (String memberId : memberIds) {
			UUID id = JdbcResourceStore.parseId(memberId);
			if (id == null) {
				unknown.add(memberId);
			}
			else {
				ids.add(id);
			}
		}
		if (ids.contains(groupId)) {
			throw BadRequestException.invalidValue("A group cannot be a member of itself (" + groupId + ")");
		}
		// One statement: find the members (FOR SHARE, so a member deleted at the same moment
		// cannot slip into the group after its delete removed it from every group) and add them,
		// if the group is the account's. Unknown members then fail the request, and the caller's
		// transaction takes the added rows back.
		Map<UUID, String> found = new LinkedHashMap<>();
		List<UUID> added = new ArrayList<>();
		this.jdbc.query("WITH u AS (SELECT id FROM scim_user WHERE account_id = :account AND id = ANY(:ids)"
				+ " AND deleted_at IS NULL ORDER BY id FOR SHARE), g AS (SELECT id FROM scim_group"
				+ " WHERE account_id = :account AND id = ANY(:ids) AND deleted_at IS NULL ORDER BY id FOR SHARE),"
				+ " found AS (SELECT id, 'User' AS type FROM u UNION ALL SELECT id, 'Group' FROM g),"
				+ " added AS (INSERT INTO scim_group_member (group_id, member_id, member_type, account_id)"
				+ " SELECT :group, f.id, f.type, :account FROM found f WHERE EXISTS (SELECT 1 FROM scim_group"
				+ " WHERE id = :group AND account_id = :account AND deleted_at IS NULL)"
				+ " ON CONFLICT DO NOTHING RETURNING member_id)"
				+ " SELECT f.id, f.type, EXISTS (SELECT 1 FROM added a WHERE a.member_id = f.id) AS added FROM found f",
				new MapSqlParameterSource("account", accountId).addValue("group", groupId)
					.addValue("ids", new SqlArrayValue("uuid", ids.toArray())),
				(rs) -> {
					UUID id = rs.getObject("id", UUID.class);
					found.put(id, rs.getString("type"));
					if (rs.getBoolean("added")) {
						added.add(id);
					}
				});
		for (UUID id : ids) {
			if (!found.containsKey(id)) {
				unknown.add(id.toString());
			}
		}
		if (!unknown.isEmpty()) {
			throw new UnknownMembersException("Cannot add members that do not exist: " + describe(unknown)
					+ ". Provision the users first; the group was not changed");
		}
		return added;
	}

	/** Members that do not exist; the store answers 404 instead when the group itself does not. */
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
		return this.jdbc.queryForList("DELETE FROM scim_group_member WHERE group_id = :group AND account_id = :account"
				+ " AND member_id = ANY(:ids) RETURNING member_id",
				new MapSqlParameterSource("group", groupId).addValue("account", accountId)
					.addValue("ids", new SqlArrayValue("uuid", ids.toArray())), UUID.class);
	}

	/** A deleted user or group leaves every group it was in; those groups get a new version. */
	void forgetMember(UUID accountId, UUID memberId, OffsetDateTime now) {
		MapSqlParameterSource parameters = new MapSqlParameterSource("account", accountId).addValue("member", memberId)
			.addValue("now", now);
		this.jdbc.update("UPDATE scim_group SET version = version + 1, last_modified = :now WHERE account_id = :account"
				+ " AND id IN (SELECT group_id FROM scim_group_member WHERE member_id = :member AND account_id = :account)",
				parameters);
		this.jdbc.update("DELETE FROM scim_group_member WHERE member_id = :member AND account_id = :account", parameters);
	}

	List<StoredResource.Member> members(UUID accountId, UUID groupId) {
		return this.jdbc.query("SELECT member_id, member_type FROM scim_group_member"
				+ " WHERE group_id = :group AND account_id = :account ORDER BY added_at, member_id",
				new MapSqlParameterSource("group", groupId).addValue("account", accountId),
				(rs, n) -> new StoredResource.Member(rs.getObject("member_id", UUID.class).toString(),
						rs.getString("member_type")));
	}

	/** Loads the members of a page of groups in one query. */
	List<StoredResource> withMembers(UUID accountId, List<StoredResource> groups) {
		if (groups.isEmpty()) {
			return groups;
		}
		Map<String, List<StoredResource.Member>> byGroup = new LinkedHashMap<>();
		groups.forEach((group) -> byGroup.put(group.id(), new ArrayList<>()));
		Object[] ids = groups.stream().map((group) -> UUID.fromString(group.id())).toArray();
		this.jdbc.query("SELECT group_id, member_id, member_type FROM scim_group_member WHERE group_id = ANY(:ids)"
				+ " AND account_id = :account ORDER BY added_at, member_id",
				new MapSqlParameterSource("ids", new SqlArrayValue("uuid", ids)).addValue("account", accountId),
				(rs) -> {
					byGroup.get(rs.getObject("group_id", UUID.class).toString())
						.add(new StoredResource.Member(rs.getObject("member_id", UUID.class).toString(),
								rs.getString("member_type")));
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
