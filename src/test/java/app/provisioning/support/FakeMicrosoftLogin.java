package app.provisioning.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Entra's sign-in (OpenID Connect, authorization code with PKCE) faked over real HTTP on
 * 127.0.0.1, with the path shapes of the {@code organizations} endpoint: authorize,
 * token, signing keys and a discovery document. The authorize step, where a real person
 * would pick an account, signs in whoever the test names; the token step checks the
 * client's secret, the redirect address and the PKCE verifier as Entra does, and answers
 * an ID token signed with the published key, or spoiled in the way the test asked for.
 */
public final class FakeMicrosoftLogin {

	public static final String CLIENT_ID = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	public static final String CLIENT_SECRET = "fake-console-client-secret";

	/**
	 * A person of a tenant, as Entra names them, with the app roles and groups their ID
	 * token lists.
	 */
	public record Person(String tenantId, String objectId, String userPrincipalName, String name, List<String> appRoles,
			List<String> groups) {

		public Person(String tenantId, String objectId, String userPrincipalName, String name) {
			this(tenantId, objectId, userPrincipalName, name, List.of(), List.of());
		}

		public Person holding(List<String> roles, List<String> groupIds) {
			return new Person(this.tenantId, this.objectId, this.userPrincipalName, this.name, roles, groupIds);
		}

		public static Person random(String tenantId) {
			String objectId = UUID.randomUUID().toString();
			return new Person(tenantId, objectId, "user-" + objectId.substring(0, 8) + "@contoso.example",
					"Test Person");
		}

	}

	/** How the next ID token is spoiled, if at all. */
	public enum Spoil {

		NONE, FOREIGN_KEY, EXPIRED, OTHER_AUDIENCE, OTHER_TENANTS_ISSUER, NO_TENANT

	}

	private record Grant(Person person, Spoil spoil, String clientId, String redirectUri, String nonce,
			String challenge) {
	}

	private static final RSAKey SIGNING_KEY = generate("microsoft-sign-in-test-key");

	private static final RSAKey FOREIGN_KEY = generate("microsoft-sign-in-test-key");

	private static FakeMicrosoftLogin instance;

	private final HttpServer server;

	private final Map<String, Grant> codes = new ConcurrentHashMap<>();

	private final AtomicReference<Person> nextPerson = new AtomicReference<>();

	private FakeMicrosoftLogin() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/organizations/oauth2/v2.0/authorize", this::authorizeOverHttp);
		this.server.createContext("/organizations/oauth2/v2.0/token", this::token);
		this.server.createContext("/organizations/discovery/v2.0/keys", (exchange) -> send(exchange, 200,
				"application/json", new JWKSet(SIGNING_KEY.toPublicJWK()).toString()));
		this.server.createContext("/organizations/v2.0/.well-known/openid-configuration",
				(exchange) -> send(exchange, 200, "application/json", discovery()));
		this.server.start();
	}

	public static synchronized FakeMicrosoftLogin get() {
		if (instance == null) {
			try {
				instance = new FakeMicrosoftLogin();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> instance.server.stop(0)));
		}
		return instance;
	}

	public String base() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The server's settings that point sign-in with Microsoft here. */
	public Map<String, String> springProperties() {
		return Map.of("provisioning.microsoft-sign-in.client-id", CLIENT_ID,
				"provisioning.microsoft-sign-in.client-secret", CLIENT_SECRET,
				"provisioning.microsoft-sign-in.authority", base() + "/organizations");
	}

	/** Who signs in when a browser reaches the authorize endpoint over HTTP. */
	public void signInNext(Person person) {
		this.nextPerson.set(person);
	}

	/**
	 * The person picks their account on the authorize page: answers where Microsoft sends
	 * the browser back (the server's redirect address with a code and the state).
	 */
	public String authorize(String authorizeUrl, Person person, Spoil spoil) {
		Map<String, String> query = query(URI.create(authorizeUrl).getRawQuery());
		if (!"code".equals(query.get("response_type")) || !"S256".equals(query.get("code_challenge_method"))
				|| query.get("code_challenge") == null || !String.valueOf(query.get("scope")).contains("openid")) {
			throw new IllegalArgumentException("Not an OpenID Connect code request with PKCE: " + authorizeUrl);
		}
		String code = UUID.randomUUID().toString();
		this.codes.put(code, new Grant(person, spoil, query.get("client_id"), query.get("redirect_uri"),
				query.get("nonce"), query.get("code_challenge")));
		return query.get("redirect_uri") + "?code=" + code + "&state=" + encode(query.get("state"));
	}

	private void authorizeOverHttp(HttpExchange exchange) throws IOException {
		Person person = this.nextPerson.get();
		String back = authorize(base() + exchange.getRequestURI(), person, Spoil.NONE);
		exchange.getResponseHeaders().add("Location", back);
		send(exchange, 302, "text/plain", "");
	}

	private void token(HttpExchange exchange) throws IOException {
		Map<String, String> form = query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		Grant grant = this.codes.remove(String.valueOf(form.get("code")));
		if (!"POST".equals(exchange.getRequestMethod()) || grant == null
				|| !"authorization_code".equals(form.get("grant_type"))) {
			send(exchange, 400, "application/json",
					"{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70008: The"
							+ " provided authorization code is invalid or has expired.\"}");
			return;
		}
		if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
			send(exchange, 401, "application/json",
					"{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215:"
							+ " Invalid client secret provided.\"}");
			return;
		}
		if (!grant.redirectUri().equals(form.get("redirect_uri"))
				|| !grant.challenge().equals(s256(String.valueOf(form.get("code_verifier"))))) {
			send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50148:"
					+ " The code_verifier does not match the code_challenge.\"}");
			return;
		}
		String idToken = idToken(grant);
		send(exchange, 200, "application/json",
				"{\"token_type\":\"Bearer\",\"scope\":\"openid profile\",\"expires_in\":3599," + "\"access_token\":\""
						+ UUID.randomUUID() + "\",\"id_token\":\"" + idToken + "\"}");
	}

	private String idToken(Grant grant) {
		Instant now = Instant.now();
		Person person = grant.person();
		String issuerTenant = (grant.spoil() == Spoil.OTHER_TENANTS_ISSUER) ? UUID.randomUUID().toString()
				: person.tenantId();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(base() + "/" + issuerTenant + "/v2.0")
			.audience((grant.spoil() == Spoil.OTHER_AUDIENCE) ? UUID.randomUUID().toString() : grant.clientId())
			.subject(Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(person.objectId().getBytes(StandardCharsets.UTF_8)))
			.issueTime(Date.from((grant.spoil() == Spoil.EXPIRED) ? now.minusSeconds(7200) : now))
			.notBeforeTime(Date.from((grant.spoil() == Spoil.EXPIRED) ? now.minusSeconds(7200) : now))
			.expirationTime(
					Date.from((grant.spoil() == Spoil.EXPIRED) ? now.minusSeconds(3600) : now.plusSeconds(3600)))
			.claim("nonce", grant.nonce())
			.claim("oid", person.objectId())
			.claim("preferred_username", person.userPrincipalName())
			.claim("name", person.name())
			.claim("ver", "2.0");
		if (!person.appRoles().isEmpty()) {
			claims.claim("roles", person.appRoles());
		}
		if (!person.groups().isEmpty()) {
			claims.claim("groups", person.groups());
		}
		if (grant.spoil() != Spoil.NO_TENANT) {
			claims.claim("tid", person.tenantId());
		}
		RSAKey key = (grant.spoil() == Spoil.FOREIGN_KEY) ? FOREIGN_KEY : SIGNING_KEY;
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims.build());
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String discovery() {
		String base = base();
		return "{\"issuer\":\"" + base + "/{tenantid}/v2.0\",\"authorization_endpoint\":\"" + base
				+ "/organizations/oauth2/v2.0/authorize\",\"token_endpoint\":\"" + base
				+ "/organizations/oauth2/v2.0/token\",\"jwks_uri\":\"" + base
				+ "/organizations/discovery/v2.0/keys\",\"response_types_supported\":[\"code\",\"id_token\"],"
				+ "\"subject_types_supported\":[\"pairwise\"],\"id_token_signing_alg_values_supported\":[\"RS256\"],"
				+ "\"scopes_supported\":[\"openid\",\"profile\",\"email\",\"offline_access\"],"
				+ "\"code_challenge_methods_supported\":[\"plain\",\"S256\"]}";
	}

	private static String s256(String verifier) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(
						MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> values = new LinkedHashMap<>();
		if (raw != null && !raw.isEmpty()) {
			for (String pair : raw.split("&")) {
				int equals = pair.indexOf('=');
				String name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals),
						StandardCharsets.UTF_8);
				String value = (equals < 0) ? ""
						: URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
				values.put(name, value);
			}
		}
		return values;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", type);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static RSAKey generate(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
