package app.provisioning.reconcile;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import app.provisioning.platform.Problem;
import app.provisioning.platform.Refusal;
import app.provisioning.mapping.FieldMap;
import app.provisioning.mapping.FieldMaps;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Entra groups selected in a field map for import ("Mapped Fields → select groups →
 * Sync Now"). In a User Configuration map each group may grant a permission level.
 */
@Service
public class GroupSelections {

	static final int MAX_GROUPS_PER_MAP = 100;

	private static final Pattern GUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	/** A group as the administrator selects it. */
	public record Selection(String groupId, String displayName, UUID permissionLevelId) {
	}

	/** A stored selection, with the rank of the level it grants (higher wins). */
	public record Selected(UUID fieldMapId, String groupId, String displayName, UUID permissionLevelId,
			String permissionLevelName, Integer levelRank) {
	}

	private final JdbcTemplate jdbc;

	private final FieldMaps maps;

	private final Clock clock;

	GroupSelections(JdbcTemplate jdbc, FieldMaps maps, Clock clock) {
		this.jdbc = jdbc;
		this.maps = maps;
		this.clock = clock;
	}

	public List<Selected> ofMap(UUID accountId, UUID mapId) {
		this.maps.get(accountId, mapId);
		return query("s.account_id = ? AND s.field_map_id = ?", accountId, mapId);
	}

	List<Selected> ofAccount(UUID accountId) {
		return query("s.account_id = ?", accountId);
	}

	/**
	 * Replaces a map's selection; every problem is reported at once and nothing changes
	 * when there is one.
	 */
	@Transactional
	public List<Selected> replace(UUID accountId, UUID mapId, List<Selection> selections) {
		FieldMap map = this.maps.get(accountId, mapId);
		List<Problem> problems = new ArrayList<>();
		if (selections == null) {
			throw Refusal.invalid("Send a JSON array of groups: [{\"groupId\": \"<Entra object ID>\","
					+ " \"displayName\": \"…\", \"permissionLevelId\": \"…\"}]");
		}
		if (selections.size() > MAX_GROUPS_PER_MAP) {
			problems.add(Problem.of("At most " + MAX_GROUPS_PER_MAP + " groups can be selected in one map"));
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < selections.size(); i++) {
			Selection selection = selections.get(i);
			String where = "groups[" + i + "]";
			if (selection == null || selection.groupId() == null
					|| !GUID.matcher(selection.groupId().trim()).matches()) {
				problems.add(Problem.at("/" + i + "/groupId",
						where + ".groupId must be the group's Object ID (a GUID) from Entra"));
				continue;
			}
			if (!seen.add(selection.groupId().trim().toLowerCase(java.util.Locale.ROOT))) {
				problems.add(Problem.at("/" + i, where + ": group " + selection.groupId() + " is selected twice"));
			}
			if (selection.permissionLevelId() != null) {
				if (map.target() != FieldMap.Target.USER_CONFIGURATION) {
					problems.add(Problem.at("/" + i + "/permissionLevelId", where
							+ ".permissionLevelId: only groups of a User Configuration map grant permission levels"));
				}
				else if (!Boolean.TRUE.equals(this.jdbc.queryForObject(
						"SELECT EXISTS (SELECT 1 FROM published_permission_level WHERE id = ? AND account_id = ?)",
						Boolean.class, selection.permissionLevelId(), accountId))) {
					problems
						.add(Problem.at("/" + i + "/permissionLevelId", where + ".permissionLevelId: permission level "
								+ selection.permissionLevelId() + " does not exist in this account"));
				}
			}
		}
		if (!problems.isEmpty()) {
			throw Refusal.invalid(problems);
		}
		this.jdbc.update("DELETE FROM entra_group_selection WHERE account_id = ? AND field_map_id = ?", accountId,
				mapId);
		OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		for (Selection selection : selections) {
			this.jdbc.update(
					"INSERT INTO entra_group_selection (account_id, field_map_id, group_object_id, display_name,"
							+ " permission_level_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
					accountId, mapId, selection.groupId().trim().toLowerCase(java.util.Locale.ROOT),
					blankToNull(selection.displayName()), selection.permissionLevelId(), now);
		}
		return ofMap(accountId, mapId);
	}

	private List<Selected> query(String condition, Object... args) {
		return this.jdbc.query(
				"SELECT s.field_map_id, s.group_object_id, s.display_name, s.permission_level_id,"
						+ " pl.name AS level_name, pl.rank FROM entra_group_selection s"
						+ " LEFT JOIN published_permission_level pl ON pl.id = s.permission_level_id WHERE " + condition
						+ " ORDER BY s.field_map_id, s.display_name, s.group_object_id",
				(rs, n) -> new Selected(rs.getObject("field_map_id", UUID.class), rs.getString("group_object_id"),
						rs.getString("display_name"), rs.getObject("permission_level_id", UUID.class),
						rs.getString("level_name"), (Integer) rs.getObject("rank")),
				args);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
