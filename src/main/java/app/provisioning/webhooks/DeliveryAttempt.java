package app.provisioning.webhooks;

/**
 * What one attempt gave.
 *
 * @param status the receiver's HTTP status, null when none came (timeout, refused,
 * unreachable)
 * @param excerpt the start of the receiver's answer, for the delivery log
 * @param error why the attempt failed without a status, or what was wrong with it
 */
record DeliveryAttempt(long deliveryId, Integer status, long latencyMillis, String excerpt, String error) {

	static final int EXCERPT_CHARS = 500;

	boolean delivered() {
		return this.status != null && this.status >= 200 && this.status < 300;
	}

	boolean gone() {
		return this.status != null && this.status == 410;
	}

	static String excerpt(String body) {
		if (body == null) {
			return null;
		}
		return (body.length() > EXCERPT_CHARS) ? body.substring(0, EXCERPT_CHARS) : body;
	}

}
