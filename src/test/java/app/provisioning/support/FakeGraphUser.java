package app.provisioning.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A user of a fake tenant. Property names are Graph's own; values are set with
 * {@link #set(String, Object)} (strings, booleans, lists of strings, maps) and read back
 * by the fake exactly as Graph would return them.
 */
public final class FakeGraphUser {

	/**
	 * The properties Graph v1.0 answers for a user (a $select of anything else is a 400).
	 */
	static final List<String> PROPERTIES = List.of("id", "userPrincipalName", "accountEnabled", "mail", "mailNickname",
			"displayName", "givenName", "surname", "jobTitle", "department", "companyName", "employeeId",
			"employeeType", "employeeHireDate", "employeeOrgData", "businessPhones", "mobilePhone", "faxNumber",
			"streetAddress", "city", "state", "postalCode", "country", "officeLocation", "preferredLanguage",
			"usageLocation", "userType", "ageGroup", "otherMails", "externalUserState",
			"externalUserStateChangeDateTime", "createdDateTime", "deletedDateTime");

	/** What Graph v1.0 returns for a user when no $select is given. */
	static final List<String> DEFAULT_SELECT = List.of("businessPhones", "displayName", "givenName", "jobTitle", "mail",
			"mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id");

	/** Collections come back as [] rather than null when empty. */
	private static final Set<String> COLLECTIONS = Set.of("businessPhones", "otherMails");

	/** Kept by the tenant (or derived) rather than set freely. */
	private static final Set<String> READ_ONLY = Set.of("id", "createdDateTime", "deletedDateTime");

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private final FakeGraphTenant tenant;

	private final String id;

	private final long position;

	private final String createdDateTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

	/**
	 * Replaced, never changed in place, so readers on other threads see a consistent
	 * user.
	 */
	private volatile Map<String, JsonNode> values;

	private volatile FakeGraphUser manager;

	private volatile Instant deletedAt;

	FakeGraphUser(FakeGraphTenant tenant, String id, long position, String userPrincipalName) {
		this.tenant = tenant;
		this.id = id;
		this.position = position;
		String nickname = userPrincipalName.contains("@")
				? userPrincipalName.substring(0, userPrincipalName.indexOf('@')) : userPrincipalName;
		// a licensed member user as an administrator would create one
		Map<String, JsonNode> initial = new LinkedHashMap<>();
		JsonNodeFactory json = JsonNodeFactory.instance;
		initial.put("userPrincipalName", json.textNode(userPrincipalName));
		initial.put("mail", json.textNode(userPrincipalName));
		initial.put("mailNickname", json.textNode(nickname));
		initial.put("displayName", json.textNode(nickname));
		initial.put("accountEnabled", json.booleanNode(true));
		initial.put("userType", json.textNode("Member"));
		this.values = Map.copyOf(initial);
	}

	/** The object ID (a GUID). */
	public String id() {
		return this.id;
	}

	/** The user principal name as it was before any deletion. */
	public String userPrincipalName() {
		return this.values.get("userPrincipalName").asText();
	}

	public FakeGraphTenant tenant() {
		return this.tenant;
	}

	/**
	 * Sets a Graph property ({@code null} clears it). Unknown names are refused so that a
	 * typo in a test does not pass silently.
	 */
	public FakeGraphUser set(String property, Object value) {
		if (!PROPERTIES.contains(property) || READ_ONLY.contains(property)) {
			throw new IllegalArgumentException("Not a settable Graph user property: " + property);
		}
		if ("userPrincipalName".equals(property)) {
			if (!(value instanceof String upn) || upn.isBlank()) {
				throw new IllegalArgumentException("A user always has a userPrincipalName");
			}
			this.tenant.rename(this, upn);
			return this;
		}
		put(property, value);
		return this;
	}

	/** The property as Graph holds it (null when unset). */
	public JsonNode get(String property) {
		return this.values.get(property);
	}

	public FakeGraphUser enabled(boolean enabled) {
		return set("accountEnabled", enabled);
	}

	/** {@code employeeOrgData}: both parts, either may be null. */
	public FakeGraphUser orgData(String costCenter, String division) {
		ObjectNode data = JsonNodeFactory.instance.objectNode();
		data.put("costCenter", costCenter);
		data.put("division", division);
		return set("employeeOrgData", data);
	}

	/** The manager, returned with {@code $expand=manager}; null for none. */
	public FakeGraphUser manager(FakeGraphUser manager) {
		if (manager != null && manager.tenant != this.tenant) {
			throw new IllegalArgumentException("A manager must be in the same tenant");
		}
		this.manager = manager;
		return this;
	}

	public FakeGraphUser manager() {
		return this.manager;
	}

	public boolean deleted() {
		return this.deletedAt != null;
	}

	public Instant deletedAt() {
		return this.deletedAt;
	}

	long position() {
		return this.position;
	}

	synchronized void put(String property, Object value) {
		Map<String, JsonNode> changed = new LinkedHashMap<>(this.values);
		if (value == null) {
			changed.remove(property);
		}
		else {
			changed.put(property, MAPPER.valueToTree(value));
		}
		this.values = Map.copyOf(changed);
		if (!deleted()) {
			this.tenant.changed(this, null);
		}
	}

	void deletedAt(Instant when) {
		this.deletedAt = (when != null) ? when.truncatedTo(ChronoUnit.SECONDS) : null;
	}

	/** One property as Graph answers it: null for unset, [] for an unset collection. */
	JsonNode property(String name) {
		switch (name) {
			case "id":
				return JsonNodeFactory.instance.textNode(this.id);
			case "createdDateTime":
				return JsonNodeFactory.instance.textNode(this.createdDateTime);
			case "deletedDateTime":
				Instant deleted = this.deletedAt;
				return (deleted != null) ? JsonNodeFactory.instance.textNode(deleted.toString())
						: NullNode.getInstance();
			case "userPrincipalName":
				// Entra renames a deleted user: its object ID without dashes, then the
				// original UPN
				String upn = userPrincipalName();
				return JsonNodeFactory.instance.textNode(deleted() ? this.id.replace("-", "") + upn : upn);
			default:
				JsonNode value = this.values.get(name);
				if (value != null) {
					return value;
				}
				return COLLECTIONS.contains(name) ? JsonNodeFactory.instance.arrayNode() : NullNode.getInstance();
		}
	}

	@Override
	public String toString() {
		return "FakeGraphUser[" + this.id + ", " + userPrincipalName() + (deleted() ? ", deleted" : "") + "]";
	}

}
