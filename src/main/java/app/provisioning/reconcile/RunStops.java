package app.provisioning.reconcile;

import java.util.UUID;

import app.provisioning.platform.ClusterTasks;

import org.springframework.stereotype.Component;

/**
 * Lets a shutting-down instance end its runs at a safe point: after a chunk or page is
 * committed, never inside one. The run goes back to the queue with its progress, and the
 * next instance to pick it up continues from there.
 */
@Component
class RunStops implements ClusterTasks.Participant {

	private volatile boolean stopping;

	/** From now on, runs of this instance end at their next safe point. */
	@Override
	public void beforeStop() {
		this.stopping = true;
	}

	/** The instance (or a test context) runs again. */
	@Override
	public void beforeStart() {
		this.stopping = false;
	}

	/**
	 * Whether this instance is shutting down: a run cut off now (e.g. interrupted while
	 * waiting for Graph) is paused, not failed.
	 */
	boolean stopping() {
		return this.stopping;
	}

	/**
	 * Called where everything before is committed: ends the attempt here when the
	 * instance is stopping.
	 */
	void safePoint(UUID runId) {
		if (this.stopping) {
			throw new Paused(runId);
		}
	}

	/**
	 * A run ended by shutdown at a safe point; it is not a failure and uses up no
	 * attempt.
	 */
	static final class Paused extends RuntimeException {

		Paused(UUID runId) {
			super("Run " + runId + " paused: this server instance is shutting down", null, false, false);
		}

	}

}
