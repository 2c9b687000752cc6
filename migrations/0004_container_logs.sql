CREATE TABLE `container_logs` (
	`id` integer PRIMARY KEY NOT NULL,
	`lab_id` text NOT NULL,
	`namespace` text NOT NULL,
	`pod` text NOT NULL,
	`container` text NOT NULL,
	`run` text NOT NULL,
	`time` integer NOT NULL,
	`line` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `container_logs_run` ON `container_logs` (`lab_id`,`namespace`,`pod`,`container`,`run`,`id`);