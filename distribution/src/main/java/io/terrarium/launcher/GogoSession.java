package io.terrarium.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A Gogo command session opened by the launcher. The launcher's class path does not carry Gogo's API (it lives in
 * the gogo.runtime bundle), so the session is driven reflectively through the interfaces as that bundle loads them.
 * Not thread-safe: one thread runs the commands.
 */
final class GogoSession implements AutoCloseable {

    static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String SESSION = "org.apache.felix.service.command.CommandSession";
    /** org.apache.felix.service.command.Converter.INSPECT: how gosh prints a command's result. */
    private static final int INSPECT = 0;

    private final BundleContext context;
    private final ServiceReference<?> reference;
    private final Object session;
    private final Method execute;
    private final Method format;
    private final Method close;

    private GogoSession(BundleContext context, ServiceReference<?> reference, Object session, Class<?> type)
            throws NoSuchMethodException {
        this.context = context;
        this.reference = reference;
        this.session = session;
        this.execute = type.getMethod("execute", CharSequence.class);
        this.format = type.getMethod("format", Object.class, int.class);
        this.close = type.getMethod("close");
    }

    /**
     * Opens a session on the registered CommandProcessor.
     *
     * @throws IllegalStateException when Gogo's runtime is not running
     */
    static GogoSession open(BundleContext context, InputStream in, OutputStream out, OutputStream err) {
        ServiceReference<?> reference = context.getServiceReference(PROCESSOR);
        Object processor = reference == null ? null : context.getService(reference);
        if (processor == null) {
            throw new IllegalStateException("the Gogo runtime is not running (no " + PROCESSOR + " service)");
        }
        try {
            Class<?> processorType = reference.getBundle().loadClass(PROCESSOR);
            Class<?> sessionType = reference.getBundle().loadClass(SESSION);
            Object session = processorType.getMethod("createSession", InputStream.class, OutputStream.class,
                    OutputStream.class).invoke(processor, in, out, err);
            return new GogoSession(context, reference, session, sessionType);
        } catch (ReflectiveOperationException e) {
            context.ungetService(reference);
            throw new IllegalStateException("cannot open a Gogo session: " + e, e);
        }
    }

    /**
     * Runs one command line.
     *
     * @return the result, formatted as gosh prints it, or null when the command returned nothing
     * @throws Exception what the command threw
     */
    String execute(CharSequence commandLine) throws Exception {
        Object result = invoke(execute, commandLine);
        return result == null ? null : String.valueOf(invoke(format, result, INSPECT));
    }

    @Override
    public void close() {
        try {
            invoke(close);
        } catch (Exception e) {
            // the session is gone either way
        } finally {
            context.ungetService(reference);
        }
    }

    private Object invoke(Method method, Object... args) throws Exception {
        try {
            return method.invoke(session, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw new IllegalStateException(cause);
        }
    }
}
