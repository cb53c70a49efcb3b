package app.provisioning.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.reconcile.graph.GraphCredentials;

/**
 * The connection test's reads of the app registration itself: its name and the client
 * secret's expiry, which need only the optional permission, and whether the saved
 * application object ID belongs to it.
 */
final class ApplicationProbe {

	static final String APPLICATION = "application";

	static final String SERVICE_PRINCIPAL = "servicePrincipal";

	/** Warn about a client secret that expires within this time. */
	static final Duration EXPIRY_WARNING = Duration.ofDays(30);

	private ApplicationProbe() {
	}

	static String applicationUrl(GraphCredentials credentials) {
		return "/applications(appId='" + credentials.clientId() + "')?$select=id,appId,displayName,passwordCredentials";
	}

	/**
	 * The object ID may be the enterprise application's rather than the app
	 * registration's; reading it tells which.
	 */
	static String servicePrincipalUrl(String objectId) {
		return "/servicePrincipals/" + objectId + "?$select=id,appId,displayName";
	}

	/**
	 * Judges Graph's answer for the app registration. Never a failure of the test:
	 * without it only the secret's expiry is unknown.
	 */
	static void judge(JsonNode application, String secretHint, Instant now, ProbeFindings findings) {
		int status = application.path("status").asInt();
		String name = application.path("body").path("displayName").asText(null);
		Instant expires = null;
		if (status == 200) {
			expires = secretExpiry(application.path("body").path("passwordCredentials"), secretHint);
			findings.check(APPLICATION, true, "Read the app registration '" + name + "'"
					+ ((expires != null) ? "; the client secret expires " + expires : ""));
			if (expires != null && expires.isBefore(now.plus(EXPIRY_WARNING))) {
				findings.warn("The client secret expires on " + expires
						+ ": add a new secret in Certificates & secrets and save it here before then");
			}
		}
		else {
			String why = (status == 403) ? "not permitted"
					: "HTTP " + status + " " + GraphProbes.errorCode(application);
			findings.check(APPLICATION, false, "Could not read the app registration (" + why + ")");
			if (status == 403) {
				findings.warn("Optional permission " + GraphPermission.APPLICATION_READ_ALL.permissionName()
						+ " is missing: the server cannot tell when the client secret expires");
			}
		}
		findings.application(name, expires);
	}

	/**
	 * Whether the application object ID is the app registration's or its enterprise
	 * application's; null {@code servicePrincipal} when Graph gave no answer for it.
	 */
	static ConnectionTest.Check objectIdCheck(String objectId, JsonNode application, JsonNode servicePrincipal,
			GraphCredentials credentials) {
		if (objectId.equalsIgnoreCase(application.path("body").path("id").asText(""))) {
			return new ConnectionTest.Check("applicationObjectId", true,
					"The application object ID is the app registration's");
		}
		if (servicePrincipal != null && servicePrincipal.path("status").asInt() == 200) {
			if (credentials.clientId().equalsIgnoreCase(servicePrincipal.path("body").path("appId").asText(""))) {
				return new ConnectionTest.Check("applicationObjectId", true,
						"The application object ID is the enterprise application's");
			}
			return new ConnectionTest.Check("applicationObjectId", false,
					"Object ID " + objectId + " is the enterprise application '"
							+ servicePrincipal.path("body").path("displayName").asText() + "' of another client ID ("
							+ servicePrincipal.path("body").path("appId").asText() + "), not of "
							+ credentials.clientId());
		}
		if (application.path("status").asInt() != 200 && servicePrincipal != null
				&& servicePrincipal.path("status").asInt() == 403) {
			return new ConnectionTest.Check("applicationObjectId", true,
					"The application object ID could not be checked (no permission" + " to read applications)");
		}
		return new ConnectionTest.Check("applicationObjectId", false,
				"No app registration or enterprise application with object ID " + objectId + " exists for client ID "
						+ credentials.clientId() + ": copy the Object ID from the app"
						+ " registration's Overview page");
	}

	/**
	 * The expiry of the secret in use: Entra shows each secret's first three characters
	 * as its hint.
	 */
	private static Instant secretExpiry(JsonNode passwordCredentials, String hint) {
		Instant latest = null;
		for (JsonNode credential : passwordCredentials) {
			if (hint.equals(credential.path("hint").asText(null)) && credential.hasNonNull("endDateTime")) {
				try {
					Instant end = OffsetDateTime.parse(credential.path("endDateTime").asText()).toInstant();
					latest = (latest == null || end.isAfter(latest)) ? end : latest;
				}
				catch (DateTimeParseException ex) {
					// an unreadable date tells nothing about expiry
				}
			}
		}
		return latest;
	}

}
