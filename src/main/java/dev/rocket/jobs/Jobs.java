package dev.rocket.jobs;

import java.beans.Introspector;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;

/**
 * This node's Quartz scheduler: JDBC job store (JobStoreTX, PostgreSQL delegate) on the management
 * database, clustered, instance id AUTO, a small thread pool. Tasks are registered by name and run every
 * N seconds, once per firing across the cluster.
 */
public final class Jobs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Jobs.class.getName());
    public static final String GROUP = "rocket";
    static final int THREADS = 2;

    private final Scheduler scheduler;
    private final Map<String, Runnable> tasks = new ConcurrentHashMap<>();

    private Jobs(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Creates the scheduler (the Quartz tables must exist: management migration V3); {@link #start()} runs it. */
    public static Jobs open(DataSource management) {
        String dataSource = "rocket-management-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, new ManagementConnectionProvider(management));
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(properties(dataSource));
            Scheduler s = factory.getScheduler();
            Jobs jobs = new Jobs(s);
            s.setJobFactory((bundle, sched) -> {
                String name = bundle.getJobDetail().getKey().getName();
                return new TaskJob(name, jobs.tasks.get(name));
            });
            return jobs;
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot create the scheduler: " + e.getMessage(), e);
        }
    }

    static Properties properties(String dataSource) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "rocket");
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.threadsInheritContextClassLoaderOfInitializer", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(THREADS));
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "rocket-jobs");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSource);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "15000");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        // job data (Rocket's jobs carry none) stored as text, not with Java serialization: ObjectOutputStream caches
        // the classes it writes, and the JDK's cache keeps a cleared entry's class — Quartz's JobDataMap, loaded by
        // this application — reachable until the next serialization anywhere in the JVM, so an undeployed
        // application could stay in memory (RedeployLeaksIT). Rows written before are read as text too (junk keys
        // no job reads).
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        return p;
    }

    /**
     * Runs {@code task} every {@code seconds} (first run right away). The trigger is stored in the
     * database; it is only replaced when its interval changed, so nodes starting up do not reset it.
     */
    public void every(String name, int seconds, Runnable task) {
        tasks.put(name, task);
        JobKey jobKey = JobKey.jobKey(name, GROUP);
        TriggerKey triggerKey = TriggerKey.triggerKey(name, GROUP);
        long intervalMillis = seconds * 1000L;
        try {
            Trigger existing = scheduler.getTrigger(triggerKey);
            if (existing instanceof SimpleTrigger st && st.getRepeatInterval() == intervalMillis
                    && scheduler.checkExists(jobKey)) {
                return;
            }
            JobDetail job = JobBuilder.newJob(TaskJob.class).withIdentity(jobKey).storeDurably().build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey).forJob(job).startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(intervalMillis)
                            .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
            scheduler.scheduleJob(job, Set.of(trigger), true);
            LOG.info(() -> "Scheduled task " + name + " every " + seconds + " s");
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot schedule task " + name + ": " + e.getMessage(), e);
        }
    }

    /** Starts firing (register the tasks with {@link #every} first). */
    public void start() {
        try {
            scheduler.start();
            LOG.info(() -> "Scheduler started (clustered JDBC job store, " + THREADS + " threads)");
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** Stops firing on this node (running tasks go on; the other nodes take over the triggers). */
    public void standby() {
        try {
            scheduler.standby();
        } catch (SchedulerException e) {
            LOG.warning("Scheduler did not go to standby: " + e.getMessage());
        }
    }

    /**
     * Quartz reads a stored trigger's properties through java.beans' introspection on its scheduler thread, which
     * runs in a thread group of Quartz's own; java.beans caches what it found per thread group, and the cache entry
     * of a group that has ended stays until something else touches the cache: it keeps Rocket's classes, and so an
     * undeployed web application. With the scheduler in standby (no trigger is read any more), a short-lived thread
     * in that group empties its cache.
     */
    private void forgetBeanInfoOfSchedulerThread() {
        String name;
        try {
            name = scheduler.getSchedulerName() + "_QuartzSchedulerThread";
        } catch (SchedulerException e) {
            return;
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ThreadGroup group = t.getThreadGroup();
            if (group == null || !t.getName().equals(name)) {
                continue;
            }
            try {
                Thread flush = new Thread(group, Introspector::flushCaches, "rocket-jobs-bean-info");
                flush.setDaemon(true);
                flush.start();
                flush.join(1000);
            } catch (IllegalThreadStateException e) {
                // the group has already ended (the scheduler thread stopped meanwhile): nothing to run in it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@link #close(Duration)} with ten seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * Stops this node's scheduler within about {@code timeout}: standby first (nothing new fires), then the
     * running tasks get until the deadline to finish, then Quartz shuts down (waiting for its threads) in a
     * thread of its own that is given what is left of the deadline. Quartz's own {@code shutdown(true)} waits
     * without a limit — for instance for a task whose database went away — so it is never called on the
     * stopping thread. The stored jobs stay for the other nodes.
     */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        standby();
        try {
            while (!scheduler.getCurrentlyExecutingJobs().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (SchedulerException e) {
            LOG.fine(() -> "running tasks unknown: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forgetBeanInfoOfSchedulerThread();
        Thread shutdown = new Thread(() -> {
            try {
                scheduler.shutdown(true);
            } catch (SchedulerException e) {
                LOG.warning("Scheduler did not shut down cleanly: " + e.getMessage());
            }
        }, "rocket-jobs-shutdown");
        shutdown.setDaemon(true);
        shutdown.start();
        try {
            // at least a second: shutting down an idle scheduler takes a moment even after a slow task
            shutdown.join(Math.max(1000, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (shutdown.isAlive()) {
            LOG.warning("Scheduler still stopping after " + timeout.toSeconds() + " s (a task is still running); "
                    + "going on without it");
        }
    }
}
