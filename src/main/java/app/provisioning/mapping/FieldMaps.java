package app.provisioning.mapping;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.unboundid.scim2.common.exceptions.ScimException;

import app.provisioning.account.AccountService;
import app.provisioning.platform.Problem;
import app.provisioning.platform.Refusal;
import app.provisioning.scim.ResourceStore;
import app.provisioning.scim.SearchResult;
import app.provisioning.scim.StoredResource;
import app.provisioning.scim.query.ScimSearch;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Field maps of an account: validated create / replace / delete, and the preview (dry
 * run).
 */
@Service
public class FieldMaps {

	/** How a refusal of an invalid map starts. */
	public static final String NOT_VALID = "The field map is not valid";

	/** Most users one preview page shows. */
	public static final int MAX_PREVIEW = 200;

	private final FieldMapRepository maps;

	private final FieldMapCache cache;

	private final AccountService accounts;

	private final ResourceStore users;

	private final Clock clock;

	FieldMaps(FieldMapRepository maps, FieldMapCache cache, AccountService accounts,
			@Qualifier("userStore") ResourceStore users, Clock clock) {
		this.maps = maps;
		this.cache = cache;
		this.accounts = accounts;
		this.users = users;
		this.clock = clock;
	}

	/**
	 * A map as an administrator sends it; {@link #create} and {@link #replace} check it.
	 */
	public record Draft(String name, FieldMap.Target target, UniqueIdentifier uniqueIdentifier,
			String organisationalUnit, String userRole, List<FieldMapping> fields) {
	}

	/** What one provisioned user would become; nothing is written. */
	public record PreviewRow(String scimUserId, String userName, MappedRecord record) {
	}

	public record Preview(long totalUsers, int startIndex, List<PreviewRow> rows) {
	}

	@Transactional
	public FieldMap create(UUID accountId, Draft draft) {
		this.accounts.get(accountId);
		check(accountId, null, draft);
		Instant now = now();
		FieldMap map = new FieldMap(UUID.randomUUID(), accountId, draft.name().trim(), draft.target(),
				draft.uniqueIdentifier(), blankToNull(draft.organisationalUnit()), blankToNull(draft.userRole()),
				List.copyOf(draft.fields()), now, now);
		this.maps.insert(map);
		this.cache.forgetOnCommit(accountId);
		return map;
	}

	@Transactional(readOnly = true)
	public List<FieldMap> list(UUID accountId) {
		this.accounts.get(accountId);
		return this.maps.findByAccount(accountId);
	}

	@Transactional(readOnly = true)
	public FieldMap get(UUID accountId, UUID id) {
		return this.maps.find(accountId, id)
			.orElseThrow(() -> Refusal.notFound("Field map " + id + " of account " + accountId));
	}

	@Transactional
	public FieldMap replace(UUID accountId, UUID id, Draft draft) {
		FieldMap current = get(accountId, id);
		check(accountId, id, draft);
		FieldMap map = new FieldMap(id, accountId, draft.name().trim(), draft.target(), draft.uniqueIdentifier(),
				blankToNull(draft.organisationalUnit()), blankToNull(draft.userRole()), List.copyOf(draft.fields()),
				current.createdAt(), now());
		this.maps.update(map);
		this.cache.forgetOnCommit(accountId);
		return map;
	}

	@Transactional
	public void delete(UUID accountId, UUID id) {
		long records = this.maps.records(accountId, id);
		if (records > 0) {
			// Records are never deleted, and each keeps the map that made it.
			throw Refusal.conflict("Field map " + id + " has made " + records + " record(s), which are kept"
					+ " for good, so the map cannot be removed; change its fields or groups instead");
		}
		if (!this.maps.delete(accountId, id)) {
			throw Refusal.notFound("Field map " + id + " of account " + accountId);
		}
		this.cache.forgetOnCommit(accountId);
	}

	/**
	 * Applies the map to a page of the account's provisioned users and shows what each
	 * record would become, including identifiers that collide within the page. Writes
	 * nothing.
	 */
	@Transactional(readOnly = true)
	public Preview preview(UUID accountId, UUID id, int startIndex, int count) {
		FieldMap map = get(accountId, id);
		int size = Math.max(1, Math.min(count, MAX_PREVIEW));
		SearchResult page;
		try {
			page = this.users.search(accountId,
					new ScimSearch(null, null, false, Math.max(1, startIndex), size, null, false));
		}
		catch (ScimException ex) {
			throw new IllegalStateException("Listing users for the preview failed", ex);
		}
		List<PreviewRow> rows = new ArrayList<>();
		Map<String, String> seen = new HashMap<>();
		for (StoredResource user : page.resources()) {
			MappedRecord record = FieldMapper.map(user.attributes(), map.fields(), map.uniqueIdentifier());
			String key = (record.uniqueIdentifier() != null) ? record.uniqueIdentifier().toLowerCase(Locale.ROOT)
					: null;
			if (key != null && seen.containsKey(key)) {
				List<String> problems = new ArrayList<>(record.problems());
				problems.add("The unique identifier '" + record.uniqueIdentifier() + "' is also that of user "
						+ seen.get(key) + ": only one record can have it");
				record = new MappedRecord(record.fields(), record.uniqueIdentifier(), List.copyOf(problems));
			}
			if (key != null) {
				seen.putIfAbsent(key, user.id());
			}
			rows.add(new PreviewRow(user.id(), user.attributes().path("userName").asText(), record));
		}
		return new Preview(page.totalResults(), Math.max(1, startIndex), rows);
	}

	private void check(UUID accountId, UUID self, Draft draft) {
		List<Problem> problems = new ArrayList<>();
		if (draft.name() == null || draft.name().isBlank()) {
			problems.add(Problem.at("/name", "name is required"));
		}
		if (draft.target() == null) {
			problems.add(Problem.at("/target", "target is required: PEOPLE or USER_CONFIGURATION"));
		}
		problems.addAll(MappingValidator.validate(draft.fields(), draft.uniqueIdentifier()));
		if (draft.target() == FieldMap.Target.USER_CONFIGURATION) {
			if (draft.organisationalUnit() != null || draft.userRole() != null) {
				problems.add(Problem.at((draft.organisationalUnit() != null) ? "/organisationalUnit" : "/userRole",
						"organisationalUnit and userRole apply to People mappings only"));
			}
			for (String required : List.of("loginName", "email")) {
				boolean mapped = draft.fields() != null
						&& draft.fields().stream().anyMatch((f) -> required.equalsIgnoreCase(f.field()));
				if (!mapped) {
					problems.add(Problem.at("/fields",
							"A User Configuration mapping must fill the field '" + required + "'"));
				}
			}
		}
		if (!problems.isEmpty()) {
			throw Refusal.invalid(NOT_VALID, problems);
		}
		String name = draft.name().trim();
		for (FieldMap other : this.maps.findByAccount(accountId)) {
			if (!other.id().equals(self) && other.name().equalsIgnoreCase(name)) {
				throw Refusal.conflict("A field map named '" + name + "' already exists");
			}
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
