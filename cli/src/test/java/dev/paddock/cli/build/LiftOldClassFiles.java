package dev.paddock.cli.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build-time tool (run by the cli pom after shading, before the AppCDS training run): rewrites the
 * class files older than Java 6 in the runnable jar as Java 8 class files with stack map frames.
 *
 * <p>Why: ASM and jnr-x86asm ship as Java 5 class files, and jnr-ffi loads them whenever it binds
 * libc. JDK 17's CDS refuses such classes (they need the old, slow inference verifier), so every
 * short run loaded and verified them from the jar: ~25 ms on the critical path of a shift-own run.
 * With frames added they are verified once, at archive time, by the type-checking verifier, and then
 * mapped from the archive. The bytecode itself is unchanged.
 */
public final class LiftOldClassFiles {
    private static final int JAVA_6 = 50;

    private LiftOldClassFiles() {}

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path lifted = jar.resolveSibling(jar.getFileName() + ".lifting");
        int count;
        try (URLClassLoader types = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            count = rewrite(jar, lifted, types);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(lifted);
            throw e;
        }
        Files.move(lifted, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("LiftOldClassFiles: " + count + " class files lifted to Java 8 in " + jar);
    }

    private static int rewrite(Path jar, Path out, ClassLoader types) throws IOException {
        int count = 0;
        try (InputStream in = Files.newInputStream(jar);
             ZipInputStream zin = new ZipInputStream(in);
             OutputStream os = Files.newOutputStream(out);
             ZipOutputStream zout = new ZipOutputStream(os)) {
            for (ZipEntry entry; (entry = zin.getNextEntry()) != null; ) {
                byte[] bytes = zin.readAllBytes();
                if (entry.getName().endsWith(".class") && majorVersion(bytes) < JAVA_6) {
                    bytes = lift(entry.getName(), bytes, types);
                    count++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                zout.putNextEntry(copy);
                zout.write(bytes);
                zout.closeEntry();
            }
        }
        return count;
    }

    private static int majorVersion(byte[] classFile) {
        return classFile.length < 8 ? Integer.MAX_VALUE : (classFile[6] & 0xff) << 8 | classFile[7] & 0xff;
    }

    private static byte[] lift(String name, byte[] classFile, ClassLoader types) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                // Frames need common supertypes; resolve them among the jar's own classes.
                return types;
            }
        };
        ClassVisitor toJava8 = new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String className, String signature, String superName,
                              String[] interfaces) {
                super.visit(Opcodes.V1_8, access, className, signature, superName, interfaces);
            }
        };
        try {
            new ClassReader(classFile).accept(toJava8, ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            // jsr/ret (banned from Java 7 on) or an unresolvable type: keep the build honest and stop.
            throw new UncheckedIOException(new IOException(name + ": cannot add stack map frames: " + e, e));
        }
        return writer.toByteArray();
    }
}
