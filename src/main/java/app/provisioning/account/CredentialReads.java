package app.provisioning.account;

import java.util.function.Supplier;

import app.provisioning.platform.DatabaseOutage;

import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * Database work done while authenticating. An outage is not the caller's fault, so it
 * must not become a 401 (Entra would report bad credentials) nor a 500: it becomes an
 * {@link AuthenticationServiceException} that the entry points answer with 503 and
 * Retry-After.
 */
final class CredentialReads {

	private CredentialReads() {
	}

	static <T> T read(Supplier<T> work) {
		try {
			return work.get();
		}
		catch (RuntimeException ex) {
			if (DatabaseOutage.isCause(ex)) {
				throw new AuthenticationServiceException(
						"The credential cannot be checked: the database is unavailable", ex);
			}
			throw ex;
		}
	}

	static void write(Runnable work) {
		read(() -> {
			work.run();
			return null;
		});
	}

}
