package app.provisioning.webhooks;

/**
 * A webhook endpoint the server will not call. The message names the problem and what to
 * change, so it can be shown to the administrator who entered the URL as it is.
 */
public class RefusedEndpointException extends RuntimeException {

	public RefusedEndpointException(String message) {
		super(message);
	}

}
