package app.provisioning.platform;

import org.springframework.http.HttpStatus;

/** The HTTP status the web layers answer a {@link Refusal} with. */
public final class RefusalStatus {

	private RefusalStatus() {
	}

	public static HttpStatus of(Refusal refusal) {
		return switch (refusal.kind()) {
			case INVALID -> HttpStatus.BAD_REQUEST;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case GONE -> HttpStatus.GONE;
			case UPSTREAM_FAILED -> HttpStatus.BAD_GATEWAY;
		};
	}

}
