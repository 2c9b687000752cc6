CREATE TABLE `hit_journal` (
	`id` integer PRIMARY KEY NOT NULL,
	`lab_id` text NOT NULL,
	`namespace` text NOT NULL,
	`service` text NOT NULL,
	`pod` text NOT NULL,
	`node` text NOT NULL,
	`entry_node` text NOT NULL,
	`pod_ip` text NOT NULL,
	`count` integer NOT NULL
);
