package app.provisioning.reconcile;

import java.time.Instant;

import app.provisioning.platform.Problem;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an administrator is told about connection and schedule settings, before anything
 * is saved.
 */
class ConnectionSettingsTest {

	private static final String GUID = "72f988bf-86f1-41af-91ab-2d7cd011db47";

	@Test
	void everyProblemIsNamedAtOnce() {
		assertThat(new ConnectionSettings("not a tenant", "abc", null, "xyz").problems(false))
			.extracting(Problem::detail)
			.hasSize(4)
			.anySatisfy((p) -> assertThat(p).contains("tenantId 'not a tenant'").contains("contoso.onmicrosoft.com"))
			.anySatisfy((p) -> assertThat(p).contains("clientId 'abc' is not a GUID"))
			.anySatisfy((p) -> assertThat(p).contains("clientSecret is required"))
			.anySatisfy((p) -> assertThat(p).contains("applicationObjectId 'xyz'"));
	}

	@Test
	void aDomainIsATenantAndASavedSecretNeedNotBeSentAgain() {
		assertThat(new ConnectionSettings("contoso.onmicrosoft.com", GUID, null, null).problems(true)).isEmpty();
	}

	@Test
	void aSecretIdPastedInsteadOfTheValueIsRecognised() {
		assertThat(new ConnectionSettings(GUID, GUID, GUID, null).problems(false)).extracting(Problem::detail)
			.singleElement()
			.asString()
			.contains("Secret ID");
	}

	@Test
	void schedulesAreCheckedAndComputed() {
		assertThat(ScheduleRules
			.problems(new GraphConnection.Schedule(GraphConnection.Schedule.Kind.INTERVAL, 1, null, null)))
			.extracting(Problem::detail)
			.singleElement()
			.asString()
			.contains("between 5 and");
		assertThat(ScheduleRules.problems(
				new GraphConnection.Schedule(GraphConnection.Schedule.Kind.CRON, null, "every night", "Mars/Olympus")))
			.hasSize(2);
		Instant now = Instant.parse("2026-11-23T10:00:00Z");
		assertThat(ScheduleRules
			.nextRun(new GraphConnection.Schedule(GraphConnection.Schedule.Kind.INTERVAL, 360, null, null), now))
			.isEqualTo(Instant.parse("2026-11-23T16:00:00Z"));
		assertThat(ScheduleRules.nextRun(
				new GraphConnection.Schedule(GraphConnection.Schedule.Kind.CRON, null, "0 0 2 * * *", "Europe/Berlin"),
				now))
			.isEqualTo(Instant.parse("2026-11-24T01:00:00Z"));
		assertThat(ScheduleRules.nextRun(GraphConnection.Schedule.OFF, now)).isNull();
	}

	@Test
	void aDeletedUsersOriginalNameIsRecovered() {
		String id = "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef";
		assertThat(UserScan.originalUpn(id, "0a21f0f28d2a4f8ebf987363c4aed4efAdeleV@contoso.com"))
			.isEqualTo("AdeleV@contoso.com");
		assertThat(UserScan.originalUpn(id, "AdeleV@contoso.com")).isEqualTo("AdeleV@contoso.com");
	}

}
