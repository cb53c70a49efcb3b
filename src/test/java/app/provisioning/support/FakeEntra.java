package app.provisioning.support;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Entra's signing-key endpoint, faked over real HTTP on 127.0.0.1, and tokens shaped like
 * the ones Entra's provisioning service presents when the Secret Token field is left
 * blank.
 */
public final class FakeEntra {

	public static final String PROVISIONING_AUDIENCE = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";

	private static final RSAKey SIGNING_KEY = generate();

	/** A key Entra never published: tokens signed with it must be refused. */
	private static final RSAKey FOREIGN_KEY = generate();

	private static WireMockServer server;

	private FakeEntra() {
	}

	/** Starts the key endpoint once per test JVM and returns its URL. */
	public static synchronized String jwksUri() {
		if (server == null) {
			server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
			server.start();
			server.stubFor(WireMock.get("/common/discovery/keys")
				.willReturn(WireMock.okJson(new JWKSet(SIGNING_KEY.toPublicJWK()).toString())));
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		}
		return "http://127.0.0.1:" + server.port() + "/common/discovery/keys";
	}

	/** Claims of a valid provisioning token for the tenant, living one hour. */
	public static JWTClaimsSet.Builder claims(String tenantId) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer("https://sts.windows.net/" + tenantId + "/")
			.audience(List.of(PROVISIONING_AUDIENCE))
			.claim("tid", tenantId)
			.subject(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now.minusSeconds(5)))
			.expirationTime(Date.from(now.plusSeconds(3600)));
	}

	public static String sign(JWTClaimsSet claims) {
		return sign(claims, SIGNING_KEY);
	}

	public static String signWithForeignKey(JWTClaimsSet claims) {
		return sign(claims, FOREIGN_KEY);
	}

	private static String sign(JWTClaimsSet claims, RSAKey key) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(SIGNING_KEY.getKeyID()).build(), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).keyID("entra-test-key").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
