package app.provisioning.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import app.provisioning.platform.Problem;

/**
 * The four fields of the Azure portal's app registration; a null secret keeps the stored
 * one. Saving and testing check them here, so both refuse the same mistakes in the same
 * words.
 */
public record ConnectionSettings(String tenantId, String clientId, String clientSecret, String applicationObjectId) {

	private static final Pattern GUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern DOMAIN = Pattern.compile("(?=.{4,253}$)([A-Za-z0-9-]{1,63}\\.)+[A-Za-z]{2,63}");

	/**
	 * Problems of these settings, each one a sentence an administrator can act on. All
	 * are named at once, so one correction fixes them.
	 */
	List<Problem> problems(boolean secretStored) {
		List<Problem> problems = new ArrayList<>();
		String tenant = blankToNull(this.tenantId);
		if (tenant == null) {
			problems.add(Problem.at("/tenantId",
					"tenantId is required: the Directory (tenant) ID from the app registration's Overview page"));
		}
		else if (!GUID.matcher(tenant.trim()).matches() && !DOMAIN.matcher(tenant.trim()).matches()) {
			problems.add(Problem.at("/tenantId",
					"tenantId '" + tenant + "' is neither a GUID nor a domain such as contoso.onmicrosoft.com"));
		}
		String client = blankToNull(this.clientId);
		if (client == null) {
			problems.add(Problem.at("/clientId",
					"clientId is required: the Application (client) ID from the app registration's Overview page"));
		}
		else if (!GUID.matcher(client.trim()).matches()) {
			problems.add(Problem.at("/clientId",
					"clientId '" + client + "' is not a GUID (the Application (client) ID looks like"
							+ " 00000000-0000-0000-0000-000000000000)"));
		}
		String secret = this.clientSecret;
		if (secret == null && !secretStored) {
			problems.add(Problem.at("/clientSecret",
					"clientSecret is required: the secret's Value (not its Secret ID) from Certificates & secrets"));
		}
		else if (secret != null && (secret.isBlank() || secret.length() > 1024)) {
			problems.add(Problem.at("/clientSecret",
					"clientSecret must be the secret's Value: not blank and at most 1024 characters"));
		}
		else if (secret != null && GUID.matcher(secret.trim()).matches()) {
			problems.add(Problem.at("/clientSecret",
					"clientSecret looks like the Secret ID; paste the secret's Value, shown only once when it was added"));
		}
		String object = blankToNull(this.applicationObjectId);
		if (object != null && !GUID.matcher(object.trim()).matches()) {
			problems.add(Problem.at("/applicationObjectId", "applicationObjectId '" + object
					+ "' is not a GUID (the Object ID from the app registration's" + " Overview page)"));
		}
		return problems;
	}

	/** The secret typed in, trimmed; null when none was, which means the stored one. */
	String givenSecret() {
		return blankToNull(this.clientSecret);
	}

	/** The application object ID, trimmed; null when none was given. */
	String givenObjectId() {
		return blankToNull(this.applicationObjectId);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
