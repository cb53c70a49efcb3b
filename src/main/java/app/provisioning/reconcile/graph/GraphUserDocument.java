package app.provisioning.reconcile.graph;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.mapping.EntraAttribute;

/**
 * A Microsoft Graph user as Entra's provisioning would have sent it over SCIM (its
 * default attribute mappings for custom SCIM apps), so that pulled users go through the
 * very same field maps as pushed ones. Also decides which Graph properties to
 * {@code $select}: only what the maps read.
 */
public final class GraphUserDocument {

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	private static final String ENTRA = "urn:ietf:params:scim:schemas:extension:entra:2.0:User";

	/** Always read: what matching, the unique identifiers and the enabled state need. */
	private static final Set<String> ALWAYS = Set.of("id", "userPrincipalName", "mail", "accountEnabled",
			"mailNickname");

	private static final Map<EntraAttribute, String> GRAPH_PROPERTY = new EnumMap<>(EntraAttribute.class);

	static {
		GRAPH_PROPERTY.put(EntraAttribute.ACCOUNT_ENABLED, "accountEnabled");
		GRAPH_PROPERTY.put(EntraAttribute.AGE_GROUP, "ageGroup");
		GRAPH_PROPERTY.put(EntraAttribute.BUSINESS_PHONE, "businessPhones");
		GRAPH_PROPERTY.put(EntraAttribute.CITY, "city");
		GRAPH_PROPERTY.put(EntraAttribute.COMPANY_NAME, "companyName");
		GRAPH_PROPERTY.put(EntraAttribute.COUNTRY, "country");
		GRAPH_PROPERTY.put(EntraAttribute.DEPARTMENT, "department");
		GRAPH_PROPERTY.put(EntraAttribute.DISPLAY_NAME, "displayName");
		GRAPH_PROPERTY.put(EntraAttribute.EMAIL, "mail");
		GRAPH_PROPERTY.put(EntraAttribute.EMPLOYEE_HIRE_DATE, "employeeHireDate");
		GRAPH_PROPERTY.put(EntraAttribute.EMPLOYEE_ID, "employeeId");
		GRAPH_PROPERTY.put(EntraAttribute.COST_CENTER, "employeeOrgData");
		GRAPH_PROPERTY.put(EntraAttribute.DIVISION, "employeeOrgData");
		GRAPH_PROPERTY.put(EntraAttribute.EMPLOYEE_TYPE, "employeeType");
		GRAPH_PROPERTY.put(EntraAttribute.EXTERNAL_USER_STATE, "externalUserState");
		GRAPH_PROPERTY.put(EntraAttribute.EXTERNAL_USER_STATE_CHANGED, "externalUserStateChangeDateTime");
		GRAPH_PROPERTY.put(EntraAttribute.FAX, "faxNumber");
		GRAPH_PROPERTY.put(EntraAttribute.FIRST_NAME, "givenName");
		GRAPH_PROPERTY.put(EntraAttribute.JOB_TITLE, "jobTitle");
		GRAPH_PROPERTY.put(EntraAttribute.LAST_NAME, "surname");
		GRAPH_PROPERTY.put(EntraAttribute.MAIL_NICKNAME, "mailNickname");
		GRAPH_PROPERTY.put(EntraAttribute.MOBILE_PHONE, "mobilePhone");
		GRAPH_PROPERTY.put(EntraAttribute.OBJECT_ID, "id");
		GRAPH_PROPERTY.put(EntraAttribute.OFFICE_LOCATION, "officeLocation");
		GRAPH_PROPERTY.put(EntraAttribute.OTHER_EMAILS, "otherMails");
		GRAPH_PROPERTY.put(EntraAttribute.PREFERRED_LANGUAGE, "preferredLanguage");
		GRAPH_PROPERTY.put(EntraAttribute.STATE, "state");
		GRAPH_PROPERTY.put(EntraAttribute.STREET_ADDRESS, "streetAddress");
		GRAPH_PROPERTY.put(EntraAttribute.USAGE_LOCATION, "usageLocation");
		GRAPH_PROPERTY.put(EntraAttribute.USER_PRINCIPAL_NAME, "userPrincipalName");
		GRAPH_PROPERTY.put(EntraAttribute.USER_TYPE, "userType");
		GRAPH_PROPERTY.put(EntraAttribute.POSTAL_CODE, "postalCode");
		GRAPH_PROPERTY.put(EntraAttribute.MANAGER, "manager");
	}

	private GraphUserDocument() {
	}

	/**
	 * {@code $select} (and {@code $expand} for the manager) for these mapped attributes.
	 */
	public static Selection selection(Collection<EntraAttribute> mapped) {
		Set<String> select = new LinkedHashSet<>(ALWAYS);
		boolean manager = false;
		for (EntraAttribute attribute : mapped) {
			if (attribute == EntraAttribute.MANAGER) {
				manager = true;
			}
			else {
				select.add(GRAPH_PROPERTY.get(attribute));
			}
		}
		return new Selection(String.join(",", select), manager);
	}

	/** Graph query options for a selection. */
	public record Selection(String select, boolean expandManager) {

		public String query() {
			return "$select=" + this.select + (this.expandManager ? "&$expand=manager($select=id)" : "");
		}

	}

	/**
	 * The SCIM user document for a Graph user. Properties Graph did not return are left
	 * out.
	 */
	public static ObjectNode toScim(JsonNode user) {
		JsonNodeFactory json = JsonNodeFactory.instance;
		ObjectNode scim = json.objectNode();
		ArrayNode schemas = scim.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
		copy(user, "userPrincipalName", scim, "userName");
		copy(user, "id", scim, "externalId");
		if (user.has("accountEnabled")) {
			scim.put("active", user.path("accountEnabled").asBoolean(true));
		}
		copy(user, "displayName", scim, "displayName");
		ObjectNode name = json.objectNode();
		copy(user, "givenName", name, "givenName");
		copy(user, "surname", name, "familyName");
		if (!name.isEmpty()) {
			scim.set("name", name);
		}
		copy(user, "jobTitle", scim, "title");
		copy(user, "preferredLanguage", scim, "preferredLanguage");
		copy(user, "userType", scim, "userType");
		if (text(user, "mail") != null) {
			scim.putArray("emails")
				.addObject()
				.put("type", "work")
				.put("primary", true)
				.put("value", text(user, "mail"));
		}
		ArrayNode phones = json.arrayNode();
		JsonNode business = user.path("businessPhones");
		if (business.isArray() && !business.isEmpty()) {
			phones.addObject().put("type", "work").put("value", business.get(0).asText());
		}
		if (text(user, "mobilePhone") != null) {
			phones.addObject().put("type", "mobile").put("value", text(user, "mobilePhone"));
		}
		if (text(user, "faxNumber") != null) {
			phones.addObject().put("type", "fax").put("value", text(user, "faxNumber"));
		}
		if (!phones.isEmpty()) {
			scim.set("phoneNumbers", phones);
		}
		ObjectNode address = json.objectNode();
		copy(user, "streetAddress", address, "streetAddress");
		copy(user, "city", address, "locality");
		copy(user, "state", address, "region");
		copy(user, "postalCode", address, "postalCode");
		copy(user, "country", address, "country");
		if (!address.isEmpty()) {
			address.put("type", "work");
			scim.putArray("addresses").add(address);
		}
		ObjectNode enterprise = json.objectNode();
		copy(user, "department", enterprise, "department");
		copy(user, "employeeId", enterprise, "employeeNumber");
		copy(user.path("employeeOrgData"), "costCenter", enterprise, "costCenter");
		copy(user.path("employeeOrgData"), "division", enterprise, "division");
		copy(user, "companyName", enterprise, "organization");
		String manager = text(user.path("manager"), "id");
		if (manager != null) {
			enterprise.putObject("manager").put("value", manager);
		}
		if (!enterprise.isEmpty()) {
			schemas.add(ENTERPRISE);
			scim.set(ENTERPRISE, enterprise);
		}
		ObjectNode entra = json.objectNode();
		copy(user, "id", entra, "objectId");
		for (String property : new String[] { "ageGroup", "companyName", "employeeHireDate", "employeeType",
				"externalUserState", "externalUserStateChangeDateTime", "mailNickname", "officeLocation", "otherMails",
				"usageLocation" }) {
			if (user.hasNonNull(property)) {
				entra.set(property, user.get(property));
			}
		}
		schemas.add(ENTRA);
		scim.set(ENTRA, entra);
		return scim;
	}

	private static void copy(JsonNode from, String property, ObjectNode to, String name) {
		String value = text(from, property);
		if (value != null) {
			to.put(name, value);
		}
	}

	private static String text(JsonNode from, String property) {
		JsonNode value = from.get(property);
		return (value == null || value.isNull() || value.isContainerNode()) ? null : value.asText();
	}

}
