package app.provisioning.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * App-only access tokens shaped like Entra's (v1 tokens for Graph, whose claims clients
 * such as the connection test decode). The signature part is an HMAC with a key of this
 * JVM, so the fake recognises its own tokens without remembering each one it issued.
 */
final class FakeGraphJwt {

	static final String GRAPH_AUDIENCE = "https://graph.microsoft.com";

	static final int LIFETIME_SECONDS = 3599;

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final byte[] key = new byte[32];

	/**
	 * What a valid token says: who signed in where, with which permissions, until when.
	 */
	record Claims(String tenantId, String appId, List<String> roles, Instant expires) {
	}

	FakeGraphJwt() {
		new SecureRandom().nextBytes(this.key);
	}

	String issue(FakeGraphTenant tenant, FakeGraphApp app) {
		long now = Instant.now().getEpochSecond();
		ObjectNode header = MAPPER.createObjectNode().put("typ", "JWT").put("alg", "RS256").put("kid", "fake-graph");
		ObjectNode payload = MAPPER.createObjectNode();
		payload.put("aud", GRAPH_AUDIENCE);
		payload.put("iss", "https://sts.windows.net/" + tenant.id() + "/");
		payload.put("iat", now);
		payload.put("nbf", now);
		payload.put("exp", now + LIFETIME_SECONDS);
		payload.put("app_displayname", app.displayName());
		payload.put("appid", app.clientId());
		payload.put("appidacr", "1");
		payload.put("idp", "https://sts.windows.net/" + tenant.id() + "/");
		payload.put("idtyp", "app");
		payload.put("oid", app.servicePrincipalId());
		payload.putArray("roles").addAll(app.roles().stream().sorted().map(payload::textNode).toList());
		payload.put("sub", app.servicePrincipalId());
		payload.put("tid", tenant.id());
		payload.put("uti", UUID.randomUUID().toString().replace("-", ""));
		payload.put("ver", "1.0");
		String signed = encode(header) + "." + encode(payload);
		return signed + "." + ENCODER.encodeToString(mac(signed));
	}

	/**
	 * The claims of a token this fake issued, or null for anything else (expiry is
	 * checked by the caller).
	 */
	Claims verify(String token) {
		String[] parts = token.split("\\.");
		if (parts.length != 3) {
			return null;
		}
		try {
			byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
			if (!MessageDigest.isEqual(signature, mac(parts[0] + "." + parts[1]))) {
				return null;
			}
			JsonNode payload = MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
			List<String> roles = new ArrayList<>();
			payload.path("roles").forEach((role) -> roles.add(role.asText()));
			return new Claims(payload.path("tid").asText(), payload.path("appid").asText(), List.copyOf(roles),
					Instant.ofEpochSecond(payload.path("exp").asLong()));
		}
		catch (IllegalArgumentException | java.io.IOException ex) {
			return null;
		}
	}

	private static String encode(JsonNode json) {
		return ENCODER.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
	}

	private byte[] mac(String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
