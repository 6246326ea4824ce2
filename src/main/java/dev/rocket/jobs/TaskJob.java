package dev.rocket.jobs;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job of every named task. Never two runs of the same task at once, on any node. A node that
 * does not know the task (an older version during a rolling upgrade) does nothing.
 */
@DisallowConcurrentExecution
public final class TaskJob implements Job {
    private static final Logger LOG = Logger.getLogger(TaskJob.class.getName());
    private final String name;
    private final Runnable task;

    public TaskJob() {
        this(null, null);
    }

    TaskJob(String name, Runnable task) {
        this.name = name;
        this.task = task;
    }

    @Override
    public void execute(JobExecutionContext context) {
        if (task == null) {
            LOG.fine(() -> "no task " + name + " on this node");
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "scheduled task " + name + " failed", e);
        }
    }
}
