/**
 * File uploads (docs/files.md): the storage SPI ({@link dev.rocket.files.FileStorage}, chosen by
 * {@link dev.rocket.files.FileStorageFactory}; {@link dev.rocket.files.LocalFileStorage} keeps bytes under
 * {@code {root}/{app}/{file_id}/{filename}}), streaming multipart reading with Commons FileUpload
 * ({@link dev.rocket.files.MultipartReader}), filename sanitising, the {@code _files} table
 * ({@link dev.rocket.files.FileRepository}) and {@link dev.rocket.files.FileService}, the transaction boundary
 * of upload, download, list and delete. Depends only on {@code db}, {@code error} and {@code config}.
 */
package dev.rocket.files;
