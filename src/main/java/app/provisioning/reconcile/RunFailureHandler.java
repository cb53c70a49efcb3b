package app.provisioning.reconcile;

import java.time.Clock;
import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;

/**
 * What the scheduler does with a run attempt that did not finish: a run paused by a
 * shutdown is due again at once, for whichever instance is still running, and its wait
 * does not grow; a failed attempt is retried after a delay that doubles each time.
 */
class RunFailureHandler implements FailureHandler<String> {

	private final FailureHandler<String> backoff;

	private final Clock clock;

	RunFailureHandler(Duration retryDelay, Clock clock) {
		this.backoff = new FailureHandler.ExponentialBackoffFailureHandler<>(retryDelay, 2.0);
		this.clock = clock;
	}

	@Override
	public void onFailure(ExecutionComplete complete, ExecutionOperations<String> operations) {
		if (complete.getCause().map(RunFailureHandler::paused).orElse(false)) {
			// Recorded as a completed execution, so a pause never lengthens the back-off
			// of later failures.
			operations.reschedule(
					ExecutionComplete.success(complete.getExecution(), complete.getTimeDone(), complete.getTimeDone()),
					this.clock.instant());
			return;
		}
		this.backoff.onFailure(complete, operations);
	}

	private static boolean paused(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RunStops.Paused) {
				return true;
			}
		}
		return false;
	}

}
