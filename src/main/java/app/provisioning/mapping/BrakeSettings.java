package app.provisioning.mapping;

/**
 * An account's deactivation brake: how many deactivations may happen within a window
 * before the next ones are held for an administrator.
 *
 * @param maxCount deactivations let through in one window at most
 * @param maxPercent deactivations let through in one window at most, as a share of the
 * account's active records; never fewer than {@link #SHARE_FLOOR} records, so a small
 * account is not stopped by its second deactivation
 * @param windowMinutes how far back deactivations are counted
 */
public record BrakeSettings(boolean enabled, int maxCount, int maxPercent, int windowMinutes) {

	public static final BrakeSettings DEFAULTS = new BrakeSettings(true, 50, 10, 60);

	public static final int SHARE_FLOOR = 10;

	public static final int MAX_COUNT = 1_000_000;

	public static final int MAX_WINDOW_MINUTES = 7 * 24 * 60;

	/**
	 * Deactivations allowed in a window when the account has {@code activeRecords} active
	 * records (those deactivated within the window counted as active).
	 */
	public int limit(long activeRecords) {
		long share = Math.max(SHARE_FLOOR, (activeRecords * this.maxPercent + 99) / 100);
		return (int) Math.min(this.maxCount, share);
	}

}
