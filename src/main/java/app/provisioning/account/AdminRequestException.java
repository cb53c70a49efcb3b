package app.provisioning.account;

import org.springframework.http.HttpStatus;

/**
 * A refused administration request, answered as an RFC 9457 problem with this status and
 * detail.
 */
public class AdminRequestException extends RuntimeException {

	private final HttpStatus status;

	public AdminRequestException(HttpStatus status, String detail) {
		super(detail);
		this.status = status;
	}

	public HttpStatus status() {
		return this.status;
	}

	public static AdminRequestException notFound(String what) {
		return new AdminRequestException(HttpStatus.NOT_FOUND, what + " not found");
	}

	public static AdminRequestException invalid(String detail) {
		return new AdminRequestException(HttpStatus.BAD_REQUEST, detail);
	}

	public static AdminRequestException conflict(String detail) {
		return new AdminRequestException(HttpStatus.CONFLICT, detail);
	}

}
