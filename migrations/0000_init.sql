CREATE TABLE `allocations` (
	`lab_id` text NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`lab_id`, `kind`, `value`)
);
--> statement-breakpoint
CREATE TABLE `hits` (
	`lab_id` text NOT NULL,
	`namespace` text NOT NULL,
	`service` text NOT NULL,
	`pod` text NOT NULL,
	`node` text NOT NULL,
	`pod_ip` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`lab_id`, `namespace`, `service`, `pod`, `node`)
);
--> statement-breakpoint
CREATE TABLE `labs` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`settings` text NOT NULL,
	`revision` integer NOT NULL,
	`revision_guard` integer NOT NULL,
	`request_seq` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `objects` (
	`lab_id` text NOT NULL,
	`kind` text NOT NULL,
	`namespace` text NOT NULL,
	`name` text NOT NULL,
	`uid` text NOT NULL,
	`resource_version` integer NOT NULL,
	`body` text NOT NULL,
	PRIMARY KEY(`lab_id`, `kind`, `namespace`, `name`)
);
--> statement-breakpoint
CREATE TABLE `proxy_state` (
	`lab_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`lab_id`, `key`)
);
