CREATE TABLE `hit_journal` (
	`id` integer PRIMARY KEY NOT NULL,
	`hits` text NOT NULL
);
