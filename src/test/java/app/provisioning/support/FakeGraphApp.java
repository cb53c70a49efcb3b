package app.provisioning.support;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An app registration and its enterprise app (service principal) in a fake tenant: the
 * client ID and secret the server signs in with, and the application permissions granted
 * to it (the {@code roles} of its tokens).
 */
public final class FakeGraphApp {

	static final List<String> APPLICATION_PROPERTIES = List.of("id", "appId", "displayName", "signInAudience",
			"createdDateTime", "passwordCredentials");

	static final List<String> SERVICE_PRINCIPAL_PROPERTIES = List.of("id", "appId", "displayName", "appDisplayName",
			"accountEnabled", "servicePrincipalType", "appOwnerOrganizationId", "servicePrincipalNames");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final FakeGraphTenant tenant;

	private final String clientId = UUID.randomUUID().toString();

	private final String objectId = UUID.randomUUID().toString();

	private final String servicePrincipalId = UUID.randomUUID().toString();

	private final String secret = newSecret();

	private final String secretKeyId = UUID.randomUUID().toString();

	private final Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private final Set<String> roles = new CopyOnWriteArraySet<>();

	private volatile String displayName = "Provisioning reader";

	/** The portal's default lifetime for a new client secret. */
	private volatile Instant secretEndsAt = this.created.plus(Duration.ofDays(180));

	FakeGraphApp(FakeGraphTenant tenant, Collection<String> roles) {
		this.tenant = tenant;
		this.roles.addAll(roles);
	}

	public String clientId() {
		return this.clientId;
	}

	/** The app registration's object ID (not the client ID). */
	public String objectId() {
		return this.objectId;
	}

	/** The enterprise app's object ID. */
	public String servicePrincipalId() {
		return this.servicePrincipalId;
	}

	/** The client secret's value. */
	public String secret() {
		return this.secret;
	}

	public FakeGraphTenant tenant() {
		return this.tenant;
	}

	public String displayName() {
		return this.displayName;
	}

	public FakeGraphApp displayName(String displayName) {
		this.displayName = displayName;
		return this;
	}

	/**
	 * Granted application permissions, e.g. {@code User.Read.All}. Tokens issued later
	 * carry them.
	 */
	public Set<String> roles() {
		return Set.copyOf(this.roles);
	}

	public FakeGraphApp grant(String... permissions) {
		this.roles.addAll(List.of(permissions));
		return this;
	}

	public FakeGraphApp revoke(String... permissions) {
		this.roles.removeAll(List.of(permissions));
		return this;
	}

	public Instant secretEndsAt() {
		return this.secretEndsAt;
	}

	public FakeGraphApp secretEndsAt(Instant endsAt) {
		this.secretEndsAt = endsAt.truncatedTo(ChronoUnit.SECONDS);
		return this;
	}

	/** The secret ran out yesterday: sign-in fails with AADSTS7000222. */
	public FakeGraphApp expireSecret() {
		return secretEndsAt(Instant.now().minus(Duration.ofDays(1)));
	}

	boolean secretExpired() {
		return !this.secretEndsAt.isAfter(Instant.now());
	}

	JsonNode applicationProperty(String name) {
		JsonNodeFactory json = JsonNodeFactory.instance;
		return switch (name) {
			case "id" -> json.textNode(this.objectId);
			case "appId" -> json.textNode(this.clientId);
			case "displayName" -> json.textNode(this.displayName);
			case "signInAudience" -> json.textNode("AzureADMyOrg");
			case "createdDateTime" -> json.textNode(this.created.toString());
			case "passwordCredentials" -> json.arrayNode().add(passwordCredential());
			default -> NullNode.getInstance();
		};
	}

	JsonNode servicePrincipalProperty(String name) {
		JsonNodeFactory json = JsonNodeFactory.instance;
		return switch (name) {
			case "id" -> json.textNode(this.servicePrincipalId);
			case "appId" -> json.textNode(this.clientId);
			case "displayName", "appDisplayName" -> json.textNode(this.displayName);
			case "accountEnabled" -> json.booleanNode(true);
			case "servicePrincipalType" -> json.textNode("Application");
			case "appOwnerOrganizationId" -> json.textNode(this.tenant.id());
			case "servicePrincipalNames" -> json.arrayNode().add(this.clientId);
			default -> NullNode.getInstance();
		};
	}

	/**
	 * Graph never returns a secret's value, only its first three characters as the hint.
	 */
	private ObjectNode passwordCredential() {
		ObjectNode credential = JsonNodeFactory.instance.objectNode();
		credential.putNull("customKeyIdentifier");
		credential.put("displayName", "provisioning");
		credential.put("endDateTime", this.secretEndsAt.toString());
		credential.put("hint", this.secret.substring(0, 3));
		credential.put("keyId", this.secretKeyId);
		credential.putNull("secretText");
		credential.put("startDateTime", this.created.toString());
		return credential;
	}

	/**
	 * Shaped like the portal's secrets: three characters, a version marker, then random
	 * text.
	 */
	private static String newSecret() {
		String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
		String tail = alphabet + "_.~-";
		StringBuilder secret = new StringBuilder();
		for (int i = 0; i < 3; i++) {
			secret.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
		}
		secret.append("8Q~");
		for (int i = 0; i < 34; i++) {
			secret.append(tail.charAt(RANDOM.nextInt(tail.length())));
		}
		return secret.toString();
	}

	@Override
	public String toString() {
		return "FakeGraphApp[" + this.clientId + ", " + this.displayName + "]";
	}

}
