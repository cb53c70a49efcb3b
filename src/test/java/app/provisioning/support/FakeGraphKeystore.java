package app.provisioning.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed TLS key for localhost, made with the JDK's own keytool: MSAL refuses
 * authorities that are not https, so the fake must speak TLS, and the server under test
 * must trust it (the same PKCS#12 file serves as its trust store).
 */
final class FakeGraphKeystore {

	private final Path file;

	private final String password;

	private FakeGraphKeystore(Path file, String password) {
		this.file = file;
		this.password = password;
	}

	Path file() {
		return this.file;
	}

	String password() {
		return this.password;
	}

	/**
	 * A fresh key store under target/ (a unique name: forked test JVMs may run side by
	 * side).
	 */
	static FakeGraphKeystore generate() {
		String password = randomPassword();
		try {
			Path directory = Files.createDirectories(Path.of("target", "fake-graph").toAbsolutePath());
			Path file = directory.resolve("tls-" + UUID.randomUUID() + ".p12");
			Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
			Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "fake", "-keyalg", "RSA",
					"-keysize", "2048", "-validity", "30", "-dname", "CN=localhost", "-ext",
					"SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", file.toString(),
					"-storepass", password, "-keypass", password)
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(file)) {
				throw new IllegalStateException("keytool could not make the fake Graph's TLS key: " + output);
			}
			file.toFile().deleteOnExit();
			return new FakeGraphKeystore(file, password);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run keytool for the fake Graph's TLS key", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while making the fake Graph's TLS key", ex);
		}
	}

	private static String randomPassword() {
		String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
		SecureRandom random = new SecureRandom();
		StringBuilder password = new StringBuilder();
		for (int i = 0; i < 24; i++) {
			password.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return password.toString();
	}

}
