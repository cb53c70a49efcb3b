package app.provisioning.platform;

import java.time.Duration;

/**
 * Range checks for the settings records: a value that is set but cannot work stops
 * start-up with its name, instead of being quietly replaced by a default.
 */
public final class SettingRules {

	private SettingRules() {
	}

	public static int atLeast(String property, int value, int minimum) {
		if (value < minimum) {
			throw InvalidSettingException.of(property, value, "must be at least " + minimum);
		}
		return value;
	}

	public static long atLeast(String property, long value, long minimum) {
		if (value < minimum) {
			throw InvalidSettingException.of(property, value, "must be at least " + minimum);
		}
		return value;
	}

	public static int between(String property, int value, int minimum, int maximum) {
		if (value < minimum || value > maximum) {
			throw InvalidSettingException.of(property, value, "must be between " + minimum + " and " + maximum);
		}
		return value;
	}

	public static Duration positive(String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw InvalidSettingException.of(property, value, "must be longer than zero, e.g. 30s, 5m or 1h");
		}
		return value;
	}

	public static Duration notNegative(String property, Duration value) {
		if (value.isNegative()) {
			throw InvalidSettingException.of(property, value, "must not be negative");
		}
		return value;
	}

}
